import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import { runRows, toNumber } from './sql-rows';
import { updateRollupsForMoved } from './rollups';
import { RECORD_DERIVED_COLUMNS, RECORD_LOAD_COLUMNS } from './schema';
import { ALL_COLUMNS, coversColumns, derivedColumnsOf, loadColumnsOf } from './filled-columns';

/**
 * Staged records: the records of a sync, held in an in-memory table until the store is idle, then
 * moved to `records` in the background.
 *
 * Why: inserting into the file-backed table costs DuckDB about 3 CPU-seconds per million records
 * (compression, writing blocks, the checkpoint), against about 1.5 for an in-memory table, and
 * recomputing rollups after every batch re-reads their slots. On two cores that is the largest
 * part of a cold load. A sync therefore writes records here (while the staging budget lasts) and
 * everything else (manifest rows, rejects, route labels) to the file as before; queries read both
 * tables through a view until the records are persisted, in the background once no load runs.
 * Rollups never count staged records: they are recomputed for the moved records' slots when
 * persisting, and until then the engine answers from the records alone (rollups.ts RollupCheck
 * sees that the rollups do not count every record).
 *
 * Exactness, for any reader at any moment:
 * - Each staged batch has a number (the stage's `batch` column), increasing in the order the
 *   writer takes batches. `stage_marks` (in the file) holds two bounds: staged rows count when
 *   `persisted < batch <= visible`. The batch transaction that writes a staged batch's manifest
 *   rows also sets `visible` to its number, so its records appear together with them.
 *   Persisting copies the rows into `records` and sets `persisted = visible` in one transaction,
 *   so a reader sees each row once: in the stage before, in `records` after.
 * - The view lives in the in-memory database, so a query's snapshot of the stage is never newer
 *   than its snapshot of the file (DuckDB starts a database's transaction on first access, and
 *   the view is found before the file is read). Emptying the stage after persisting therefore
 *   cannot hide rows from a query that still reads the old marks.
 * - A crash loses the stage: at open, objects still marked `staged` are forgotten (with their
 *   rejects and listings), so the next sync loads them again.
 */
export const STAGE_TABLE = 'scratch.staged_records';
/** Everything queries may read: the file's records and the visible staged rows. */
export const STAGED_VIEW = 'scratch.all_records';

export interface StageMarks {
  persisted: number;
  visible: number;
}

/**
 * Columns whose values the stage keeps as text, cast when read and when persisted: DuckDB's
 * parsing of UUIDs and 128-bit integers was a seventh of a staged insert, and queries seldom
 * read these columns (request lookups, CIDR filters).
 */
const STAGED_AS_TEXT: ReadonlySet<string> = new Set(['request_uuid', 'ip_num']);

/**
 * The stage table's shape. It holds only the columns the loads' formats fill (filled-columns.ts):
 * it is made again with just those while it is empty, and gets the columns it lacks added while it
 * holds rows (a second source in another format, say).
 */
export class StageShape {
  /** The file database's quoted name (the view reads its records and marks). */
  file = '';
  mask = ALL_COLUMNS;
  /** No rows since the table was made. */
  empty = true;
}

/** The stage's record columns for a mask: the load columns (some as text), then the hashes. */
function stageColumnList(mask: number): (readonly [string, string])[] {
  const load = loadColumnsOf(mask).map(
    ([name, type]) => [name, STAGED_AS_TEXT.has(name) ? 'VARCHAR' : type] as const,
  );
  const derived = derivedColumnsOf(mask).map(([name, type]) => [name, type] as const);
  return [...load, ...derived];
}

/** The stage table's columns: its record columns, then the staged batch's number. */
function stageColumns(mask: number): string {
  return [...stageColumnList(mask).map(([name, type]) => `${name} ${type}`), 'batch INTEGER'].join(
    ', ',
  );
}

/** The stage's rows as `records` has them: every column in its order, NULL where not staged. */
function asRecords(mask: number): string {
  const loaded = new Set(loadColumnsOf(mask).map(([name]) => name));
  const derived = new Set(derivedColumnsOf(mask).map(([name]) => name));
  const load = RECORD_LOAD_COLUMNS.map(([name, type]) => {
    if (!loaded.has(name)) return `NULL::${type} AS ${name}`;
    return STAGED_AS_TEXT.has(name) ? `CAST(${name} AS ${type}) AS ${name}` : name;
  });
  const hashes = RECORD_DERIVED_COLUMNS.map(([name, type]) =>
    derived.has(name) ? name : `NULL::${type} AS ${name}`,
  );
  return [...load, ...hashes].join(', ');
}

/** read_csv's column types for a staged insert: the columns kept as text are read as text. */
export const STAGED_CSV_COLUMNS: readonly (readonly [string, string])[] = RECORD_LOAD_COLUMNS.map(
  ([name, type]) => [name, STAGED_AS_TEXT.has(name) ? 'VARCHAR' : type],
);

/** The view over the file's records and the visible staged rows of a stage of `mask`. */
function createView(shape: StageShape, mask: number): string {
  const marks = `(SELECT persisted FROM ${shape.file}.stage_marks)`;
  return (
    `CREATE OR REPLACE VIEW ${STAGED_VIEW} AS SELECT * FROM ${shape.file}.records UNION ALL ` +
    `SELECT ${asRecords(mask)} FROM ${STAGE_TABLE} WHERE batch > ${marks} ` +
    `AND batch <= (SELECT visible FROM ${shape.file}.stage_marks)`
  );
}

/** Runs `work` in one transaction: readers see everything it does, or none of it. */
async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/** Runs statements in order, in one transaction. */
function runAll(connection: DuckDBConnection, statements: readonly string[]): Promise<void> {
  return inTransaction(connection, async () => {
    for (const statement of statements) await connection.run(statement);
  });
}

/** Makes the stage table for `mask` (empty) and the view over it. */
async function makeStage(connection: DuckDBConnection, shape: StageShape, mask: number) {
  await runAll(connection, [
    `DROP TABLE IF EXISTS ${STAGE_TABLE}`,
    `CREATE TABLE ${STAGE_TABLE} (${stageColumns(mask)})`,
    createView(shape, mask),
  ]);
  shape.mask = mask;
  shape.empty = true;
}

/**
 * Adds the columns of `mask` that the stage lacks, keeping its rows (their new columns are NULL,
 * as the view showed them before). Adding a column to an in-memory table of 1M rows took 5 ms.
 */
async function widenStage(connection: DuckDBConnection, shape: StageShape, mask: number) {
  const wider = shape.mask | mask;
  const has = new Set(
    [...loadColumnsOf(shape.mask), ...derivedColumnsOf(shape.mask)].map(([name]) => name),
  );
  const added = [...stageColumnList(wider)].filter(([name]) => !has.has(name));
  await runAll(connection, [
    ...added.map(([name, type]) => `ALTER TABLE ${STAGE_TABLE} ADD COLUMN ${name} ${type}`),
    createView(shape, wider),
  ]);
  shape.mask = wider;
}

/** Creates the stage table and view (on every open: they live in memory) and recovers. */
export async function openStaging(writer: DuckDBConnection, shape: StageShape): Promise<void> {
  const name = (await runRows(writer, { sql: 'SELECT current_database() AS db', params: [] }))[0]
    .db as string;
  shape.file = `"${name.replaceAll('"', '""')}"`;
  await makeStage(writer, shape, ALL_COLUMNS);
  await forgetUnpersisted(writer);
}

/**
 * Before staging rows that fill the columns of `mask`: an empty stage is made again with exactly
 * those columns; a stage that holds rows gets the columns it lacks added.
 */
export async function fitStage(
  connection: DuckDBConnection,
  shape: StageShape,
  mask: number,
): Promise<void> {
  if (shape.mask === mask) return;
  if (shape.empty) await makeStage(connection, shape, mask);
  else if (!coversColumns(shape.mask, mask)) await widenStage(connection, shape, mask);
}

/**
 * Objects whose records were staged when the process stopped have no records now: forget them,
 * their rejects and the listings of their hours (rollups never counted them).
 */
async function forgetUnpersisted(writer: DuckDBConnection): Promise<void> {
  const lost = await runRows(writer, {
    sql: 'SELECT count(*) AS n FROM objects WHERE staged',
    params: [],
  });
  const forget = toNumber(lost[0].n) > 0;
  await runAll(writer, [
    ...(forget
      ? [
          'DELETE FROM listings WHERE (source, hour) IN (SELECT source, key_hour FROM objects WHERE staged)',
          'DELETE FROM rejects WHERE object_id IN (SELECT id FROM objects WHERE staged)',
          'DELETE FROM objects WHERE staged',
        ]
      : []),
    'DELETE FROM stage_marks',
    'INSERT INTO stage_marks VALUES (0, 0)',
  ]);
}

export async function readMarks(connection: DuckDBConnection): Promise<StageMarks> {
  const rows = await runRows(connection, {
    sql: 'SELECT persisted, visible FROM stage_marks',
    params: [],
  });
  return { persisted: toNumber(rows[0].persisted), visible: toNumber(rows[0].visible) };
}

/** Inside the batch transaction: the rows of staged batch `batch` become visible. */
export async function showStaged(connection: DuckDBConnection, batch: number): Promise<void> {
  await connection.run(`UPDATE stage_marks SET visible = ${Math.trunc(batch)}`);
}

/** After a failed batch transaction: its staged rows go (nothing else refers to them). */
export async function dropStaged(connection: DuckDBConnection, batch: number): Promise<void> {
  await connection.run(`DELETE FROM ${STAGE_TABLE} WHERE batch = ${Math.trunc(batch)}`);
}

/**
 * Moves every visible staged row into `records` (one transaction, with the marks and the
 * manifest's staged flags), then empties the stage. Returns the rows moved.
 */
export async function persistStaged(
  connection: DuckDBConnection,
  shape: StageShape,
): Promise<number> {
  const { persisted, visible } = await readMarks(connection);
  let moved = 0;
  if (visible > persisted) {
    moved = await inTransaction(connection, async () => {
      const batches = `batch > ${Math.trunc(persisted)} AND batch <= ${Math.trunc(visible)}`;
      const rows = await runRows(connection, {
        sql: `INSERT INTO records SELECT ${asRecords(shape.mask)} FROM ${STAGE_TABLE} WHERE ${batches}`,
        params: [],
      });
      await updateRollupsForMoved(connection, STAGE_TABLE, batches);
      await connection.run('UPDATE objects SET staged = false WHERE staged');
      await connection.run('UPDATE stage_marks SET persisted = visible');
      return toNumber(rows[0]?.Count ?? 0);
    });
  }
  // A new table frees the memory at once (deleted rows of an in-memory table would stay).
  await makeStage(connection, shape, shape.mask);
  return moved;
}

/** Memory the in-memory tables hold (the stage, and matched-rows copies), in bytes. */
export async function stagedBytes(connection: DuckDBConnection): Promise<number> {
  const rows = await runRows(connection, {
    sql: "SELECT coalesce(sum(memory_usage_bytes), 0) AS b FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'",
    params: [],
  });
  return toNumber(rows[0].b);
}
