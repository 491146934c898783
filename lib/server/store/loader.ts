import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ObjectParseResult } from '@/lib/formats';
import type { ObjectRef } from '@/lib/server/sources';
import { runRows, toNumber, type Store } from './database';
import { RECORD_DERIVED_COLUMNS, RECORD_LOAD_COLUMNS, REJECT_LOAD_COLUMNS } from './schema';
import {
  encodeRecordRow,
  encodeRejectRow,
  MAX_LINE_CHARS,
  READ_CSV_OPTIONS,
  TsvBuffer,
} from './tsv';

/** One object's outcome, ready to be written: parsed records, or the reason it could not be read. */
export interface ObjectOutcome {
  ref: ObjectRef;
  result: ObjectParseResult | null;
  error: string | null;
}

export interface BatchSummary {
  objects: number;
  records: number;
  rejects: number;
  duplicates: number;
}

/**
 * Collects object outcomes into TSV buffers as they arrive, so the encoding cost is spread over the
 * pipeline instead of paid at flush time. A batch is written in one transaction: records, rejects
 * and manifest rows of its objects appear together or not at all.
 */
export class LoadBatch {
  readonly records = new TsvBuffer();
  readonly rejects = new TsvBuffer(64 << 10);
  /** Distinct routes of the batch, for the route_labels dictionary. */
  readonly routes = new Set<string>();
  readonly objects: {
    id: number;
    ref: ObjectRef;
    error: string | null;
    /** What the manifest needs of the parse result: records and raw text are not kept. */
    format: string | null;
    bytes: number | null;
    duplicates: number;
    /** Record rows written for the object. */
    parsed: number;
    rejects: number;
    minTime: number | null;
    maxTime: number | null;
  }[] = [];

  add(id: number, outcome: ObjectOutcome): void {
    let minTime: number | null = null;
    let maxTime: number | null = null;
    let parsed = 0;
    let rejects = 0;
    const result = outcome.result;
    if (result) {
      const source = outcome.ref.source;
      for (const { record, offset, raw } of result.records) {
        // A format without $context.requestTime still needs a place on the time axis: the
        // object's arrival time is the closest thing known.
        if (record.time === null) record.time = outcome.ref.keyHour;
        const line = encodeRecordRow({ source, record, raw, objectId: id, offset });
        if (line.length > MAX_LINE_CHARS) {
          rejects++;
          this.rejects.push(
            encodeRejectRow(
              id,
              offset,
              raw.slice(0, 4096),
              'record longer than the store accepts (about 1 MB)',
            ),
          );
          continue;
        }
        this.records.push(line);
        if (record.route !== null) this.routes.add(record.route);
        parsed++;
        const time = record.time;
        if (time !== null) {
          if (minTime === null || time < minTime) minTime = time;
          if (maxTime === null || time > maxTime) maxTime = time;
        }
      }
      for (const reject of result.rejects)
        this.rejects.push(encodeRejectRow(id, reject.offset, reject.raw, reject.reason));
      rejects += result.rejects.length;
    }
    // The parsed records are dropped here: a batch holding hundreds of thousands of record objects
    // (and every object's text) until it is written made garbage collection a third of the load.
    this.objects.push({
      id,
      ref: outcome.ref,
      error: outcome.error,
      format: result?.format ?? null,
      bytes: result?.bytes ?? null,
      duplicates: result?.duplicates ?? 0,
      parsed,
      rejects,
      minTime,
      maxTime,
    });
  }

  get size(): number {
    return this.objects.length;
  }
}

async function writeChunks(file: string, chunks: Buffer[]): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    for (let i = 0; i < chunks.length; i += 64) await handle.writev(chunks.slice(i, i + 64));
  } finally {
    await handle.close();
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
  const stem = path.join(store.options.tempDir, `batch-${randomUUID()}`);
  const recordFile = `${stem}.records.tsv`;
  const rejectFile = `${stem}.rejects.tsv`;
  await Promise.all([
    writeChunks(recordFile, batch.records.chunks()),
    writeChunks(rejectFile, batch.rejects.chunks()),
  ]);
  try {
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
    await Promise.all([fs.rm(recordFile, { force: true }), fs.rm(rejectFile, { force: true })]);
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
    const ids = replacedIds.map((id) => Math.trunc(id)).join(', ');
    await connection.run(`DELETE FROM records WHERE object_id IN (${ids})`);
    await connection.run(`DELETE FROM rejects WHERE object_id IN (${ids})`);
    await connection.run(`DELETE FROM objects WHERE id IN (${ids})`);
  }
  if (batch.records.lines > 0) {
    const source = `read_csv(${quoteLiteral(recordFile)}, ${READ_CSV_OPTIONS}, ${csvColumns(RECORD_LOAD_COLUMNS)})`;
    await connection.run(
      `INSERT INTO records (${RECORD_INSERT_COLUMNS}) SELECT ${RECORD_SELECT} FROM ${source} s`,
    );
  }
  if (batch.rejects.lines > 0) {
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
