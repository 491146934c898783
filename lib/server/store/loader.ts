import 'server-only';
import fs from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { runRows, toNumber, type Store } from './database';
import { addAgentLabels } from './agent-labels';
import { LoadBatch } from './load-batch';
import { RECORD_DERIVED_COLUMNS, RECORD_LOAD_COLUMNS, REJECT_LOAD_COLUMNS } from './schema';
import { deleteRollupsForObjects, updateRollupsForObjects } from './rollups';
import { READ_CSV_OPTIONS } from './tsv';
import { derivedColumnsOf, loadColumnsOf } from './filled-columns';
import {
  dropStaged,
  fitStage,
  readMarks,
  showStaged,
  STAGE_TABLE,
  STAGED_CSV_COLUMNS,
  stagedBytes,
} from './staging';

export { LoadBatch, type ObjectOutcome } from './load-batch';

export interface BatchSummary {
  objects: number;
  records: number;
  rejects: number;
  duplicates: number;
}

function csvColumns(columns: readonly (readonly [string, string])[]): string {
  return `columns={${columns.map(([name, type]) => `'${name}': '${type}'`).join(', ')}}`;
}

const RECORD_INSERT_COLUMNS = [
  ...RECORD_LOAD_COLUMNS.map(([n]) => n),
  ...RECORD_DERIVED_COLUMNS.map(([n]) => n),
].join(', ');
/** A derived column's expression over the reader's columns (`s`). */
function qualify(expression: string): string {
  return expression.replace(/\b(route|ip|path|user_agent)\b/g, 's.$1');
}
const RECORD_SELECT = [
  ...RECORD_LOAD_COLUMNS.map(([n]) => `s.${n}`),
  ...RECORD_DERIVED_COLUMNS.map(([, , expression]) => qualify(expression)),
].join(', ');

/**
 * A WHERE clause leaving out redelivered rows, or nothing (the usual case: no cost). Ids and
 * offsets are integers the loader made, written as literals.
 */
function excludeRows(excluded: ReadonlyMap<number, readonly number[]>): string {
  if (excluded.size === 0) return '';
  const terms = [...excluded].map(
    ([id, offsets]) =>
      `(s.object_id = ${Math.trunc(id)} AND s.object_offset IN (${offsets.map((o) => Math.trunc(o)).join(', ')}))`,
  );
  return ` WHERE NOT (${terms.join(' OR ')})`;
}

const USER_AGENT_BIT = 1 << RECORD_LOAD_COLUMNS.findIndex(([name]) => name === 'user_agent');

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function nextObjectIds(
  connection: DuckDBConnection,
  count: number,
  store: Store & { nextObjectId?: number },
) {
  if (store.nextObjectId === undefined) {
    const rows = await runRows(connection, {
      sql: 'SELECT coalesce(max(id), 0) AS m FROM objects',
      params: [],
    });
    store.nextObjectId = toNumber(rows[0].m) + 1;
  }
  const first = store.nextObjectId;
  store.nextObjectId += count;
  return first;
}

/** Reserves manifest ids for a batch (ids are written into every record row). */
export function reserveObjectIds(store: Store, count: number): Promise<number> {
  return store.write((connection) => nextObjectIds(connection, count, store));
}

/**
 * The number a batch's records get in the in-memory stage (staging.ts), or null when they go to
 * the file: staging is off or closed for this load, the batch has no records, or the stage has
 * no room (an in-memory row takes about twice its TSV bytes). A load that outgrows the stage (its
 * size was underestimated) moves what it staged to the file at once and writes the rest there.
 */
async function stageNumber(store: Store, connection: DuckDBConnection, batch: LoadBatch) {
  if (!store.stageOpen || batch.recordLines === 0) return null;
  const used = await stagedBytes(connection);
  if (used + 2 * batch.recordBytes > store.stageBudgetBytes) {
    await store.closeStage(connection);
    return null;
  }
  return (await readMarks(connection)).visible + 1;
}

/**
 * Writes a batch: removes older versions of its objects (ETag changed), inserts records, rejects
 * and manifest rows, then commits. Duplicates were dropped while parsing (see SeenRequestIds).
 * Records go to the in-memory stage when they may (stageNumber); everything else to the file, in
 * one transaction that also makes the staged records visible.
 */
export async function writeBatch(
  store: Store,
  batch: LoadBatch,
  replacedIds: readonly number[],
): Promise<BatchSummary> {
  try {
    const files = await batch.files();
    return await store.write(async (connection) => {
      // Replacing deletes records from the file: staged ones must be there first.
      if (replacedIds.length > 0) await store.persistWith(connection);
      const staged = replacedIds.length > 0 ? null : await stageNumber(store, connection, batch);
      if (staged !== null) {
        const shape = store.stageShape;
        await fitStage(connection, shape, batch.filledColumns);
        await insertStaged(connection, batch, files.records, staged, shape.mask);
        shape.empty = false;
        store.staged = true;
      }
      await connection.run('BEGIN TRANSACTION');
      try {
        const summary = await writeInTransaction(
          connection,
          batch,
          replacedIds,
          files,
          staged,
          store.stageShape.mask,
        );
        await connection.run('COMMIT');
        store.dataVersion++;
        return summary;
      } catch (error) {
        await connection.run('ROLLBACK');
        if (staged !== null) await dropStaged(connection, staged);
        throw error;
      }
    });
  } finally {
    await batch.files().catch(() => undefined);
    await Promise.all(batch.paths.map((file) => fs.rm(file, { force: true })));
  }
}

function idRange(batch: LoadBatch): [number, number] {
  const ids = batch.objects.map((o) => o.id);
  return [Math.min(...ids), Math.max(...ids)];
}

function readRecordFiles(recordFiles: readonly string[], columns: typeof RECORD_LOAD_COLUMNS) {
  // One reader over every file: DuckDB's cost per file is small (measured: 92 files of 600 KB
  // took as long as the same rows in one file).
  const files = `[${recordFiles.map(quoteLiteral).join(', ')}]`;
  return `read_csv(${files}, ${READ_CSV_OPTIONS}, ${csvColumns(columns)}) s`;
}

/** Into `records`: every column. */
async function insertRecords(
  connection: DuckDBConnection,
  batch: LoadBatch,
  recordFiles: readonly string[],
) {
  await connection.run(
    `INSERT INTO records (${RECORD_INSERT_COLUMNS}) SELECT ${RECORD_SELECT} ` +
      `FROM ${readRecordFiles(recordFiles, RECORD_LOAD_COLUMNS)}${excludeRows(batch.excluded)}`,
  );
}

/** Into the stage, as staged batch `stage`: the columns of the stage's mask. */
async function insertStaged(
  connection: DuckDBConnection,
  batch: LoadBatch,
  recordFiles: readonly string[],
  stage: number,
  mask: number,
) {
  const load = loadColumnsOf(mask).map(([name]) => name);
  const derived = derivedColumnsOf(mask);
  const columns = [...load, ...derived.map(([name]) => name), 'batch'];
  const values = [
    ...load.map((name) => `s.${name}`),
    ...derived.map(([, , expression]) => qualify(expression)),
    String(Math.trunc(stage)),
  ];
  await connection.run(
    `INSERT INTO ${STAGE_TABLE} (${columns.join(', ')}) SELECT ${values.join(', ')} ` +
      `FROM ${readRecordFiles(recordFiles, STAGED_CSV_COLUMNS)}${excludeRows(batch.excluded)}`,
  );
}

async function writeInTransaction(
  connection: DuckDBConnection,
  batch: LoadBatch,
  replacedIds: readonly number[],
  files: { records: string[]; rejects: string },
  staged: number | null,
  stageMask: number,
): Promise<BatchSummary> {
  if (replacedIds.length > 0) {
    // Rollups first: they are recomputed from the records that remain.
    await deleteRollupsForObjects(connection, replacedIds);
    const ids = replacedIds.map((id) => Math.trunc(id)).join(', ');
    await connection.run(`DELETE FROM records WHERE object_id IN (${ids})`);
    await connection.run(`DELETE FROM rejects WHERE object_id IN (${ids})`);
    await connection.run(`DELETE FROM objects WHERE id IN (${ids})`);
  }
  if (staged !== null) {
    // Rollups follow when the records are persisted; until then the engine reads records alone
    // (rollups.ts RollupCheck: they do not count every record).
    await showStaged(connection, staged);
    if (stageMask & USER_AGENT_BIT) {
      await addAgentLabels(connection, STAGE_TABLE, `batch = ${Math.trunc(staged)}`);
    }
  } else if (batch.recordLines > 0) {
    await insertRecords(connection, batch, files.records);
    const [first, last] = idRange(batch);
    await updateRollupsForObjects(connection, first, last);
    await addAgentLabels(connection, 'records', `object_id BETWEEN ${first} AND ${last}`);
  }
  if (batch.rejectLines > 0) {
    await connection.run(
      `INSERT INTO rejects SELECT * FROM read_csv(${quoteLiteral(files.rejects)}, ${READ_CSV_OPTIONS}, ${csvColumns(REJECT_LOAD_COLUMNS)})`,
    );
  }
  await addRouteLabels(connection, batch.routes);
  const summary: BatchSummary = { objects: batch.size, records: 0, rejects: 0, duplicates: 0 };
  const now = Date.now();
  const values: string[] = [];
  const params: (string | number | boolean | null)[] = [];
  for (const object of batch.objects) {
    const { id, ref, error, format, bytes, duplicates, parsed, rejects, minTime, maxTime } = object;
    const records = parsed;
    summary.records += records;
    summary.rejects += rejects;
    summary.duplicates += duplicates;
    const row = [
      id,
      ref.source,
      ref.key,
      ref.etag,
      ref.size,
      ref.lastModified,
      ref.keyHour,
      format,
      records,
      rejects,
      duplicates,
      bytes,
      minTime,
      maxTime,
      now,
      error,
      staged !== null && records > 0,
    ];
    values.push(`(${row.map((_, i) => `$${params.length + i + 1}`).join(', ')})`);
    params.push(...row);
  }
  const prepared = await connection.prepare(`INSERT INTO objects VALUES ${values.join(', ')}`);
  prepared.bind(params);
  await prepared.run();
  prepared.destroySync();
  return summary;
}

/** Adds the batch's routes that route_labels does not know yet (hash() is DuckDB's, as route_h). */
async function addRouteLabels(connection: DuckDBConnection, routes: ReadonlySet<string>) {
  if (routes.size === 0) return;
  const values = [...routes];
  const prepared = await connection.prepare(
    `INSERT INTO route_labels SELECT DISTINCT hash(v.label), v.label FROM (VALUES ${values.map((_, i) => `($${i + 1})`).join(', ')}) v(label) ` +
      `WHERE hash(v.label) NOT IN (SELECT h FROM route_labels)`,
  );
  prepared.bind(values);
  await prepared.run();
  prepared.destroySync();
}
