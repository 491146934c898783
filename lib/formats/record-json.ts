/**
 * The NDJSON shape of a canonical record (CLI output, downloads): field names as in
 * CanonicalRecord, `time` as ISO 8601 UTC, `extra` kept.
 */
import type { CanonicalRecord } from './canonical-record';

export type CanonicalRecordJson = Omit<CanonicalRecord, 'time'> & { time: string | null };

export function recordToJson(record: CanonicalRecord): CanonicalRecordJson {
  return { ...record, time: record.time === null ? null : new Date(record.time).toISOString() };
}

export function recordToJsonLine(record: CanonicalRecord): string {
  return JSON.stringify(recordToJson(record));
}
