/**
 * One object's worth of loading work that needs no database: bytes -> format engine -> TSV rows
 * for the store. It runs on a worker thread (see parse-pool.ts) so that parsing several objects
 * overlaps with downloads and with DuckDB ingesting earlier batches; the same function runs
 * in-process when no worker is available, so both paths behave identically.
 *
 * Records never become objects (record-columns.ts) nor leave the thread that parsed them: what comes back is the encoded TSV (one
 * transferable buffer), the facts the manifest needs, and the request ids so the caller can drop
 * redeliveries across objects (each object is deduplicated here; across objects needs one shared
 * view, which only the caller has).
 */
import 'server-only';
import fs from 'node:fs';
import type { FormatVersion } from '@/lib/formats';
import { parseObjectColumns } from '@/lib/formats/parse-object';
import { encodeColumns, type EncodedObject } from '@/lib/server/store/encode-object';

export interface ParseJob {
  objectId: number;
  source: string;
  key: string;
  /** Arrival time of the object; the time of records whose format carries none. */
  keyHour: number;
  formats: readonly FormatVersion[] | 'auto';
  /** The object as downloaded (gzip or plain). */
  data: Uint8Array;
  /** Store ids of templates whose records may be stored without raw text (templates.ts). */
  templateIds?: Readonly<Record<string, number>>;
  /**
   * Where to write the TSV rows (at least OWN_FILE_MIN_BYTES of them). A worker writes them
   * itself, so the bytes never cross threads and the main thread neither receives nor writes
   * them (nor collects their garbage). Otherwise the rows come back in `records`.
   */
  recordFile?: string;
}

export type ParseJobResult = EncodedObject;

/**
 * Rows smaller than this come back in memory even when the job names a file: DuckDB's reader
 * costs about 0.17 ms per file (measured: 2,760 files of 20 KB took 0.77 s, the same rows in 92
 * files 0.3 s), and a low-traffic API's objects can be that small. The batch appends them to a
 * file of its own instead.
 */
export const OWN_FILE_MIN_BYTES = 256 << 10;

/**
 * Writing an object's rows failed (disk full, temp folder gone): the environment's fault, not the
 * object's, so the sync retries the object later (its code is not one a read failure has).
 */
export class RecordFileError extends Error {
  readonly code = 'ERECORDFILE';
  constructor(file: string, cause: unknown) {
    super(
      `could not write records to ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

export function runParseJob(job: ParseJob): ParseJobResult {
  const parsed = parseObjectColumns(job.data, {
    objectKey: job.key,
    formats: job.formats,
    objectTime: job.keyHour,
  });
  const encoded = encodeColumns(job.objectId, job.source, job.keyHour, parsed, job.templateIds);
  if (job.recordFile === undefined || encoded.recordBytes < OWN_FILE_MIN_BYTES) return encoded;
  try {
    fs.writeFileSync(job.recordFile, encoded.records);
  } catch (error) {
    fs.rmSync(job.recordFile, { force: true });
    throw new RecordFileError(job.recordFile, error);
  }
  return { ...encoded, records: new Uint8Array(0), recordFile: job.recordFile };
}
