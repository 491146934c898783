/**
 * One Firehose object (bytes as stored in S3) -> canonical records + rejects.
 *
 * Byte offsets: the decompressed bytes are decoded as latin1, one character per byte, so a
 * character index IS the byte offset, and anchors (all ASCII) can never split a UTF-8 sequence.
 * Values holding bytes >= 0x80 are re-decoded as UTF-8 (invalid sequences -> U+FFFD, no throw);
 * pure-ASCII objects (the norm) skip that step entirely.
 */
import { isAscii } from 'node:buffer';
import type { CanonicalRecord } from './canonical-record';
import { detectFormat } from './detect-format';
import { scanText, type ScanSink } from './framing';
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

const MAX_REJECT_RAW = 4096;
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

export function parseObject(data: Uint8Array, options: ParseObjectOptions): ObjectParseResult {
  const { bytes, damage } = decompressObject(data);
  const latin1 = bytes.toString('latin1');
  const utf8 = !isAscii(bytes);
  const templates = [...new Set(chooseTemplates(latin1, options))];
  const set = buildMatcherSet(templates.map(compileTemplate));
  const seen = options.seenRequestIds ?? new Set<string>();
  const result: ObjectParseResult = {
    records: [],
    rejects: [],
    duplicates: 0,
    format: templates.length > 0 ? formatIdForTemplate(templates[0]) : 'unknown',
    template: templates[0] ?? null,
    bytes: bytes.length,
  };
  const decodeRaw = (start: number, end: number) => bytes.toString('utf8', start, end);
  const sink: ScanSink = {
    record(record: CanonicalRecord | null, start: number, end: number, raw: string | undefined) {
      if (record === null) return;
      const id = record.requestId;
      if (id !== null) {
        // One hash lookup instead of has() + add().
        const before = seen.size;
        seen.add(id);
        if (seen.size === before) {
          result.duplicates++;
          return;
        }
      }
      const text = utf8
        ? decodeRaw(start, end)
        : raw !== undefined && raw.length === end - start
          ? raw
          : latin1.slice(start, end);
      result.records.push({ record, offset: start, length: end - start, raw: text });
    },
    reject(start: number, end: number, reason: string) {
      result.rejects.push({
        objectKey: options.objectKey,
        offset: start,
        length: end - start,
        raw: decodeRaw(start, Math.min(end, start + MAX_REJECT_RAW)),
        reason,
      });
    },
  };
  scanText(latin1, set, sink, { utf8 });
  if (damage !== null) {
    result.rejects.push({
      objectKey: options.objectKey,
      offset: bytes.length,
      length: 0,
      raw: '',
      reason:
        damage.lostCompressedBytes > 0
          ? `${damage.reason} (${damage.lostCompressedBytes} compressed bytes unreadable)`
          : damage.reason,
    });
  }
  return result;
}
