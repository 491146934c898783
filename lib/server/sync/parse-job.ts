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
}

export type ParseJobResult = EncodedObject;

export function runParseJob(job: ParseJob): ParseJobResult {
  const parsed = parseObjectColumns(job.data, {
    objectKey: job.key,
    formats: job.formats,
    objectTime: job.keyHour,
  });
  return encodeColumns(job.objectId, job.source, job.keyHour, parsed, job.templateIds);
}
