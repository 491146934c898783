/**
 * One Firehose object (bytes as stored in S3) -> canonical records + rejects.
 *
 * Byte offsets: the decompressed bytes are decoded as latin1, one character per byte, so a
 * character index IS the byte offset, and anchors (all ASCII) can never split a UTF-8 sequence.
 * Values holding bytes >= 0x80 are re-decoded as UTF-8 (invalid sequences -> U+FFFD, no throw);
 * pure-ASCII objects (the norm) skip that step entirely.
 */
import type { CanonicalRecord } from './canonical-record';
import { detectFormat } from './detect-format';
import { scanText } from './framing';
import type { RecordColumns } from './record-columns';
import { ResultCollector } from './result-collector';
import { decompressObject } from './gzip';
import { buildMatcherSet } from './matchers';
import { formatIdForTemplate } from './resolve-format';
import { compileTemplate } from './template-compiler';

export { compileTemplate } from './template-compiler';
export type { CompiledFormat } from './template-compiler';
export { detectFormat } from './detect-format';
export { resolveFormat } from './resolve-format';

export interface FormatVersion {
  template: string;
  /** Epoch ms from which this format is in force; null = always (the oldest known). */
  effectiveFrom: number | null;
  name?: string;
}

export interface ParsedRecord {
  record: CanonicalRecord;
  /** Byte offset of the record in the decompressed object. */
  offset: number;
  /** Length of the record in bytes. */
  length: number;
  raw: string;
}

export interface Reject {
  objectKey: string;
  /** Byte offset in the decompressed object. */
  offset: number;
  /** Length of the rejected span in bytes (raw is cut to 4 KB). */
  length: number;
  raw: string;
  reason: string;
}

export interface ObjectParseResult {
  records: ParsedRecord[];
  rejects: Reject[];
  duplicates: number;
  /** Preset id, 'custom', or 'unknown' (auto-detection found nothing). */
  format: string;
  /** Template the object was read with first (null when unknown). */
  template: string | null;
  /** Decompressed size in bytes. */
  bytes: number;
}

export interface ParseObjectOptions {
  objectKey: string;
  formats: readonly FormatVersion[] | 'auto';
  objectTime?: number;
  seenRequestIds?: Set<string>;
}

const DETECTION_SAMPLE = 64 * 1024;

/** Latest version in force at objectTime first, then the others (newest first) as fallbacks. */
export function orderFormatVersions(
  versions: readonly FormatVersion[],
  objectTime: number | undefined,
): FormatVersion[] {
  const byNewest = [...versions].sort(
    (a, b) => (b.effectiveFrom ?? -Infinity) - (a.effectiveFrom ?? -Infinity),
  );
  const time = objectTime ?? Infinity;
  const inForce =
    byNewest.find((v) => (v.effectiveFrom ?? -Infinity) <= time) ?? byNewest[byNewest.length - 1];
  return inForce ? [inForce, ...byNewest.filter((v) => v !== inForce)] : [];
}

function chooseTemplates(text: string, options: ParseObjectOptions): string[] {
  if (options.formats === 'auto') {
    const detected = detectFormat(text.slice(0, DETECTION_SAMPLE));
    return detected.confidence > 0 ? [detected.template] : [];
  }
  return orderFormatVersions(options.formats, options.objectTime).map((v) => v.template);
}

/** What parseObjectColumns finds: the records as columns (record-columns.ts). */
export interface ObjectColumnsResult extends Omit<ObjectParseResult, 'records'> {
  columns: RecordColumns;
  /** The templates the object was read with, in the order of `columns.format`. */
  templates: string[];
}

/**
 * The load path: records stay in columns whose text values are spans of the object, so reading an
 * object allocates nothing per record (see record-columns.ts).
 */
export function parseObjectColumns(
  data: Uint8Array,
  options: ParseObjectOptions,
): ObjectColumnsResult {
  const { bytes, damage } = decompressObject(data);
  const latin1 = bytes.toString('latin1');
  const templates = [...new Set(chooseTemplates(latin1, options))];
  const set = buildMatcherSet(templates.map(compileTemplate));
  const collector = new ResultCollector(
    bytes,
    latin1,
    options.objectKey,
    options.seenRequestIds ?? null,
    set.matchers.map((m) => m.plan),
  );
  scanText(latin1, set, collector);
  if (damage !== null) {
    const lost = damage.lostCompressedBytes;
    collector.note(
      bytes.length,
      lost > 0 ? `${damage.reason} (${lost} compressed bytes unreadable)` : damage.reason,
    );
  }
  collector.finish();
  return {
    columns: collector.columns,
    rejects: collector.rejects,
    duplicates: collector.duplicates,
    format: templates.length > 0 ? formatIdForTemplate(templates[0]) : 'unknown',
    template: templates[0] ?? null,
    templates,
    bytes: bytes.length,
  };
}

/** The same, with one CanonicalRecord per record (the CLI, previews, tests). */
export function parseObject(data: Uint8Array, options: ParseObjectOptions): ObjectParseResult {
  const { columns, templates: _templates, ...rest } = parseObjectColumns(data, options);
  const records = columns.records().map((record, row): ParsedRecord => ({
    record,
    offset: columns.offset(row),
    length: columns.length(row),
    raw: columns.raw(row),
  }));
  return { records, ...rest };
}
