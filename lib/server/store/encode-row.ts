import 'server-only';
import {
  NUMBER_COUNT,
  NUMBER_INDEX,
  TEXT_INDEX,
  type RecordColumns,
} from '@/lib/formats/record-columns';
import { latencyBucket } from '@/lib/query/latency-buckets';
import { bytesStoredAsUuid } from '@/lib/query/sql/request-uuid';
import { rendersExactly, type RawRender } from './raw-check';
import type { SpecialBytes } from './special-bytes';
import { encodeRecordRow, encodeText, ipNumber } from './tsv';
import type { TsvWriter } from './tsv-writer';

/**
 * One record row of the store's TSV (RECORD_LOAD_COLUMNS order), written either straight from the
 * object's bytes (writeRowFromBytes: no string made) or by way of strings (writeRowFromStrings,
 * through encodeRecordRow); both give the same bytes for the same record.
 */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const STATUS = NUMBER_INDEX.status;
const BYTES = NUMBER_INDEX.bytes;
const LATENCY = NUMBER_INDEX.latencyMs;
const INTEGRATION_LATENCY = NUMBER_INDEX.integrationLatencyMs;
const IP = TEXT_INDEX.ip;
/** Text columns in RECORD_LOAD_COLUMNS order, split where other columns come between them. */
const REQUEST_ID = TEXT_INDEX.requestId;
const EXTENDED_REQUEST_ID = TEXT_INDEX.extendedRequestId;
const AFTER_IP = [TEXT_INDEX.method, TEXT_INDEX.route, TEXT_INDEX.path, TEXT_INDEX.protocol];
const AFTER_NUMBERS = [
  TEXT_INDEX.userAgent,
  TEXT_INDEX.caller,
  TEXT_INDEX.user,
  TEXT_INDEX.stage,
  TEXT_INDEX.apiId,
  TEXT_INDEX.domainName,
  TEXT_INDEX.errorMessage,
  TEXT_INDEX.errorType,
  TEXT_INDEX.wafResponseCode,
];

/** What every row of one object shares. */
export interface RowContext {
  w: TsvWriter;
  columns: RecordColumns;
  source: Uint8Array;
  sourceText: string;
  /** The object's bytes as a plain Uint8Array: its views are cheaper to make than a Buffer's. */
  bytes: Uint8Array;
  objectId: number;
  specials: SpecialBytes;
  /** Per template of the object (columns.format), the check for storing rows without raw text. */
  renders: (RawRender | null)[];
  /** Rows whose request id went to request_id (not a lowercase UUID), for filled-columns.ts. */
  textIds: number;
}

function writeInteger(w: TsvWriter, value: number, min: number, max: number): void {
  if (!Number.isFinite(value)) return w.nullValue();
  const integer = Math.trunc(value);
  if (integer < min || integer > max) return w.nullValue();
  w.integer(integer);
}

function writeDouble(w: TsvWriter, value: number): void {
  if (!Number.isFinite(value)) return w.nullValue();
  if (Number.isInteger(value) && Math.abs(value) <= MAX_SAFE) return w.integer(value);
  w.ascii(String(value));
}

function writeBucket(w: TsvWriter, bucket: number | null): void {
  if (bucket === null) w.nullValue();
  else w.integer(bucket);
}

function writeText(ctx: RowContext, row: number, field: number, clean: boolean) {
  const { columns, w } = ctx;
  const k = columns.spanAt(row, field);
  const start = k < 0 ? -1 : columns.spans[k];
  if (start < 0) w.nullValue();
  else w.span(ctx.bytes, start, columns.spans[k + 1], clean);
}

/** request_id and request_uuid (lib/query/sql/request-uuid.ts): one holds the id, the other NULL. */
function writeRequestId(ctx: RowContext, row: number, clean: boolean) {
  const { columns, w } = ctx;
  const k = columns.spanAt(row, REQUEST_ID);
  const start = k < 0 ? -1 : columns.spans[k];
  if (start >= 0 && bytesStoredAsUuid(ctx.bytes, start, columns.spans[k + 1])) {
    w.nullValue();
    w.tab();
    w.span(ctx.bytes, start, columns.spans[k + 1], true);
    return;
  }
  if (start >= 0) ctx.textIds++;
  writeText(ctx, row, REQUEST_ID, clean);
  w.tab();
  w.nullValue();
}

/** The IPv4 in bytes[start, end) as the decimal of its IPv6-mapped number (tsv.ts ipNumber). */
function writeIpNumber(ctx: RowContext, row: number): void {
  const { w, columns } = ctx;
  const k = columns.spanAt(row, IP);
  const start = k < 0 ? -1 : columns.spans[k];
  if (start < 0) return w.nullValue();
  const end = columns.spans[k + 1];
  const bytes = columns.bytes;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === 46) {
      if (digits === 0 || octet > 255) return w.nullValue();
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
    } else {
      // IPv6 and oddities: the string path (cached per address).
      return w.ascii(ipNumber(columns.value(row, IP)));
    }
  }
  if (dots !== 3 || digits === 0 || octet > 255) return w.nullValue();
  w.integer(0xffff_0000_0000 + value * 256 + octet);
}

/** A row whose values lie in the object's (valid UTF-8) bytes: copied byte for byte. */
export function writeRowFromBytes(ctx: RowContext, row: number, time: number, extra: Extra) {
  const { w, columns, source } = ctx;
  const { numbers, bounds } = columns;
  const bytes = ctx.bytes;
  const start = bounds[row * 2];
  const end = bounds[row * 2 + 1];
  const clean = ctx.specials.clean(start, end);
  // Values lie inside the record, so twice the record (quoting) and room for numbers suffice.
  const extraJson = extra === null ? null : JSON.stringify(extra);
  w.reserve(
    4 * (end - start) + source.length + (extraJson === null ? 0 : extraJson.length * 6) + 512,
  );
  const number = row * NUMBER_COUNT;
  w.bytes(source);
  w.tab();
  writeInteger(w, time, -MAX_SAFE, MAX_SAFE);
  w.tab();
  writeRequestId(ctx, row, clean);
  w.tab();
  writeText(ctx, row, EXTENDED_REQUEST_ID, clean);
  w.tab();
  writeText(ctx, row, IP, clean);
  w.tab();
  writeIpNumber(ctx, row);
  for (const field of AFTER_IP) {
    w.tab();
    writeText(ctx, row, field, clean);
  }
  w.tab();
  writeInteger(w, numbers[number + STATUS], 0, 32767);
  w.tab();
  writeInteger(w, numbers[number + BYTES], -MAX_SAFE, MAX_SAFE);
  const latency = numbers[number + LATENCY];
  const integration = numbers[number + INTEGRATION_LATENCY];
  w.tab();
  writeDouble(w, latency);
  w.tab();
  writeDouble(w, integration);
  for (const field of AFTER_NUMBERS) {
    w.tab();
    writeText(ctx, row, field, clean);
  }
  w.tab();
  if (extraJson === null) w.nullValue();
  else w.utf8(encodeText(extraJson));
  w.tab();
  // A record its template renders back exactly is stored without its text (raw-check.ts).
  const render = ctx.renders[columns.format[row]] ?? null;
  const rendered = render !== null && rendersExactly(render, columns, bytes, row, time);
  if (rendered) w.nullValue();
  else w.span(bytes, start, end, clean);
  w.tab();
  w.integer(ctx.objectId);
  w.tab();
  w.integer(start);
  const hasLatency = !Number.isNaN(latency);
  w.tab();
  writeBucket(w, hasLatency ? latencyBucket(latency) : null);
  w.tab();
  writeBucket(
    w,
    hasLatency && !Number.isNaN(integration)
      ? latencyBucket(Math.max(0, latency - integration))
      : null,
  );
  w.tab();
  if (rendered) w.integer(render.id);
  else w.nullValue();
  w.endLine();
}

/** Any other row (values captured as strings, or bytes that are not valid UTF-8): via strings. */
export function writeRowFromStrings(ctx: RowContext, row: number, time: number, extra: Extra) {
  const { w, columns } = ctx;
  const record = columns.record(row, extra);
  record.time = time;
  // Counted whether or not the id is a UUID: a column too many costs little, one too few loses.
  if (record.requestId !== null) ctx.textIds++;
  const line = encodeRecordRow({
    source: ctx.sourceText,
    record,
    raw: columns.raw(row),
    objectId: ctx.objectId,
    offset: columns.offset(row),
  });
  w.reserve(line.length * 3);
  w.utf8(line);
  w.lines++;
}

export type Extra = Record<string, string> | null;

/** Per row, its extra variables (rows in order). */
export class ExtrasReader {
  private next = 0;
  constructor(private readonly columns: RecordColumns) {}

  of(row: number): Extra {
    const { columns } = this;
    let k = this.next;
    if (k >= columns.extraCount || columns.extraSpans[k * 3] !== row) return null;
    const extra: Record<string, string> = {};
    for (; k < columns.extraCount && columns.extraSpans[k * 3] === row; k++) {
      const name = columns.extraNames[k];
      extra[name] ??= columns.decodeSpan(
        row,
        columns.extraSpans[k * 3 + 1],
        columns.extraSpans[k * 3 + 2],
      );
    }
    this.next = k;
    return extra;
  }
}
