import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ObjectRef } from '@/lib/server/sources';
import { runRows, toNumber, type Store } from './database';
import { RECORD_DERIVED_COLUMNS, RECORD_LOAD_COLUMNS, REJECT_LOAD_COLUMNS } from './schema';
import type { EncodedObject } from './encode-object';
import { FileAppender } from './file-appender';
import { deleteRollupsForObjects, updateRollupsForObjects } from './rollups';
import { READ_CSV_OPTIONS } from './tsv';

/** One object's outcome, ready to be written: its encoded rows, or why it could not be read. */
export interface ObjectOutcome {
  ref: ObjectRef;
  encoded: EncodedObject | null;
  error: string | null;
  /** Offsets of rows in `encoded` that repeat a request id stored earlier (dropped at insert). */
  duplicateOffsets?: readonly number[];
}

export interface BatchSummary {
  objects: number;
  records: number;
  rejects: number;
  duplicates: number;
}

/**
 * Objects' encoded rows, collected until there are enough for one load. Rows go to the batch's
 * temporary file as each object arrives, so a batch costs no memory however large it grows (and
 * large batches are what DuckDB ingests fastest). A batch is written in one transaction: records,
 * rejects and manifest rows of its objects appear together or not at all.
 */
export class LoadBatch {
  private readonly recordFile: FileAppender;
  private readonly rejectFile: FileAppender;
  recordLines = 0;
  recordBytes = 0;
  rejectLines = 0;
  /** Distinct routes of the batch, for the route_labels dictionary. */
  readonly routes = new Set<string>();
  /** Rows to leave out, per object id: redeliveries of records stored before. */
  readonly excluded = new Map<number, readonly number[]>();
  readonly objects: {
    id: number;
    ref: ObjectRef;
    error: string | null;
    format: string | null;
    bytes: number | null;
    duplicates: number;
    /** Record rows kept for the object. */
    parsed: number;
    rejects: number;
    minTime: number | null;
    maxTime: number | null;
  }[] = [];

  /** `tempDir`: where the batch's files go (the store's temp folder). */
  constructor(tempDir: string) {
    const stem = path.join(tempDir, `batch-${randomUUID()}`);
    this.recordFile = new FileAppender(`${stem}.records.tsv`);
    this.rejectFile = new FileAppender(`${stem}.rejects.tsv`);
  }

  add(id: number, { ref, encoded, error, duplicateOffsets = [] }: ObjectOutcome): void {
    if (encoded) {
      if (encoded.recordLines > 0) this.recordFile.append(encoded.records);
      if (encoded.rejectLines > 0) this.rejectFile.append(encoded.rejects);
      this.recordLines += encoded.recordLines;
      this.recordBytes += encoded.records.byteLength;
      this.rejectLines += encoded.rejectLines;
      for (const route of encoded.routes) this.routes.add(route);
      if (duplicateOffsets.length > 0) this.excluded.set(id, duplicateOffsets);
    }
    this.objects.push({
      id,
      ref,
      error,
      format: encoded?.format ?? null,
      bytes: encoded?.bytes ?? null,
      duplicates: (encoded?.duplicates ?? 0) + duplicateOffsets.length,
      parsed: (encoded?.recordLines ?? 0) - duplicateOffsets.length,
      rejects: encoded?.rejectLines ?? 0,
      minTime: encoded?.minTime ?? null,
      maxTime: encoded?.maxTime ?? null,
    });
  }

  get size(): number {
    return this.objects.length;
  }

  private finished: Promise<unknown> | null = null;

  /** Finishes the files (once); returns their paths. */
  async files(): Promise<{ records: string; rejects: string }> {
    this.finished ??= Promise.all([this.recordFile.close(), this.rejectFile.close()]);
    await this.finished;
    return this.paths;
  }

  get paths(): { records: string; rejects: string } {
    return { records: this.recordFile.file, rejects: this.rejectFile.file };
  }
}

function csvColumns(columns: readonly (readonly [string, string])[]): string {
  return `columns={${columns.map(([name, type]) => `'${name}': '${type}'`).join(', ')}}`;
}

const RECORD_INSERT_COLUMNS = [
  ...RECORD_LOAD_COLUMNS.map(([n]) => n),
  ...RECORD_DERIVED_COLUMNS.map(([n]) => n),
].join(', ');
const RECORD_SELECT = [
  ...RECORD_LOAD_COLUMNS.map(([n]) => `s.${n}`),
  ...RECORD_DERIVED_COLUMNS.map(([, , expression]) =>
    expression.replace(/\b(route|ip|path|user_agent)\b/g, 's.$1'),
  ),
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
 * Writes a batch: removes older versions of its objects (ETag changed), inserts records, rejects
 * and manifest rows, then commits. Duplicates were dropped while parsing (see SeenRequestIds).
 */
export async function writeBatch(
  store: Store,
  batch: LoadBatch,
  replacedIds: readonly number[],
): Promise<BatchSummary> {
  try {
    const { records: recordFile, rejects: rejectFile } = await batch.files();
    return await store.write(async (connection) => {
      await connection.run('BEGIN TRANSACTION');
      try {
        const summary = await writeInTransaction(
          connection,
          batch,
          replacedIds,
          recordFile,
          rejectFile,
        );
        await connection.run('COMMIT');
        store.dataVersion++;
        return summary;
      } catch (error) {
        await connection.run('ROLLBACK');
        throw error;
      }
    });
  } finally {
    await batch.files().catch(() => undefined);
    const { records, rejects } = batch.paths;
    await Promise.all([fs.rm(records, { force: true }), fs.rm(rejects, { force: true })]);
  }
}

async function writeInTransaction(
  connection: DuckDBConnection,
  batch: LoadBatch,
  replacedIds: readonly number[],
  recordFile: string,
  rejectFile: string,
): Promise<BatchSummary> {
  if (replacedIds.length > 0) {
    // Rollups first: they are recomputed from the records that remain.
    await deleteRollupsForObjects(connection, replacedIds);
    const ids = replacedIds.map((id) => Math.trunc(id)).join(', ');
    await connection.run(`DELETE FROM records WHERE object_id IN (${ids})`);
    await connection.run(`DELETE FROM rejects WHERE object_id IN (${ids})`);
    await connection.run(`DELETE FROM objects WHERE id IN (${ids})`);
  }
  if (batch.recordLines > 0) {
    const source = `read_csv(${quoteLiteral(recordFile)}, ${READ_CSV_OPTIONS}, ${csvColumns(RECORD_LOAD_COLUMNS)})`;
    await connection.run(
      `INSERT INTO records (${RECORD_INSERT_COLUMNS}) SELECT ${RECORD_SELECT} FROM ${source} s${excludeRows(batch.excluded)}`,
    );
    const ids = batch.objects.map((o) => o.id);
    await updateRollupsForObjects(connection, Math.min(...ids), Math.max(...ids));
  }
  if (batch.rejectLines > 0) {
    await connection.run(
      `INSERT INTO rejects SELECT * FROM read_csv(${quoteLiteral(rejectFile)}, ${READ_CSV_OPTIONS}, ${csvColumns(REJECT_LOAD_COLUMNS)})`,
    );
  }
  await addRouteLabels(connection, batch.routes);
  const summary: BatchSummary = { objects: batch.size, records: 0, rejects: 0, duplicates: 0 };
  const now = Date.now();
  const values: string[] = [];
  const params: (string | number | null)[] = [];
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
