import 'server-only';
import { isAscii, isUtf8 } from 'node:buffer';
import type { ObjectColumnsResult, ObjectParseResult } from '@/lib/formats/parse-object';
import {
  NUMBER_COUNT,
  NUMBER_INDEX,
  RecordColumns,
  RowText,
  TEXT_INDEX,
} from '@/lib/formats/record-columns';
import { RequestIdTable } from '@/lib/formats/request-id-table';
import { latencyBucket } from '@/lib/query/latency-buckets';
import { SpecialBytes } from './special-bytes';
import { encodeRecordRow, encodeRejectRow, encodeText, ipNumber, MAX_LINE_BYTES } from './tsv';
import { TsvWriter } from './tsv-writer';

/**
 * One parsed object as the store takes it: TSV rows (one transferable buffer, so a worker thread
 * can hand it over without a copy), the facts the manifest needs, and the request ids so the
 * caller can drop redeliveries across objects. Records never become objects on the load path:
 * values go from the object's bytes to the TSV bytes (see encodeColumns).
 */
export interface EncodedObject {
  objectId: number;
  /** TSV rows in RECORD_LOAD_COLUMNS order, and how many. */
  records: Uint8Array;
  recordLines: number;
  /** TSV rows in REJECT_LOAD_COLUMNS order, and how many. */
  rejects: Uint8Array;
  rejectLines: number;
  /** Redeliveries dropped inside this object. */
  duplicates: number;
  format: string;
  /** Decompressed size. */
  bytes: number;
  minTime: number | null;
  maxTime: number | null;
  /** Distinct routes, for the route_labels dictionary. */
  routes: string[];
  /** Request ids of the rows written, concatenated; idLengths and idOffsets say where each is. */
  idText: string;
  idLengths: Uint32Array;
  /** Byte offset (object_offset) of the row with each id. */
  idOffsets: Float64Array;
}

const REJECT_RAW_CHARS = 4096;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const TIME = NUMBER_INDEX.time;
const STATUS = NUMBER_INDEX.status;
const BYTES = NUMBER_INDEX.bytes;
const LATENCY = NUMBER_INDEX.latencyMs;
const INTEGRATION_LATENCY = NUMBER_INDEX.integrationLatencyMs;
const REQUEST_ID = TEXT_INDEX.requestId;
const IP = TEXT_INDEX.ip;
const ROUTE = TEXT_INDEX.route;
/** Text columns in RECORD_LOAD_COLUMNS order, split where other columns come between them. */
const BEFORE_IP = [TEXT_INDEX.requestId, TEXT_INDEX.extendedRequestId];
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
interface RowContext {
  w: TsvWriter;
  columns: RecordColumns;
  source: Uint8Array;
  sourceText: string;
  /** The object's bytes as a plain Uint8Array: its views are cheaper to make than a Buffer's. */
  bytes: Uint8Array;
  objectId: number;
  specials: SpecialBytes;
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
function writeRowFromBytes(ctx: RowContext, row: number, time: number, extra: Extra) {
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
  for (const field of BEFORE_IP) {
    w.tab();
    writeText(ctx, row, field, clean);
  }
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
  w.span(bytes, start, end, clean);
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
  w.endLine();
}

/** Any other row (values captured as strings, or bytes that are not valid UTF-8): via strings. */
function writeRowFromStrings(ctx: RowContext, row: number, time: number, extra: Extra) {
  const { w, columns } = ctx;
  const record = columns.record(row, extra);
  record.time = time;
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

type Extra = Record<string, string> | null;

/** Per row, its extra variables (rows in order). */
class ExtrasReader {
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

/** The request ids of written rows, as the caller's cross-object check reads them. */
class IdCollector {
  private readonly w: TsvWriter;
  private count = 0;
  readonly lengths: Uint32Array;
  readonly offsets: Float64Array;

  constructor(rows: number) {
    this.w = new TsvWriter(rows * 40);
    this.lengths = new Uint32Array(rows);
    this.offsets = new Float64Array(rows);
  }

  add({ columns, bytes }: RowContext, row: number, fromBytes: boolean): void {
    const k = columns.spanAt(row, REQUEST_ID);
    const start = k < 0 ? -1 : columns.spans[k];
    if (start < 0) return;
    const before = this.w.length;
    if (fromBytes) {
      const end = columns.spans[k + 1];
      this.w.reserve(end - start);
      this.w.out.set(bytes.subarray(start, end), before);
      this.w.length += end - start;
    } else {
      const id = columns.value(row, REQUEST_ID) as string;
      this.w.reserve(id.length * 3);
      this.w.utf8(id);
    }
    this.lengths[this.count] = this.w.length - before;
    this.offsets[this.count++] = columns.offset(row);
  }

  finish() {
    const bytes = Buffer.from(this.w.out.buffer, 0, this.w.length);
    const lengths = this.lengths.slice(0, this.count);
    if (isAscii(bytes)) {
      return {
        text: bytes.toString('latin1'),
        lengths,
        offsets: this.offsets.slice(0, this.count),
      };
    }
    // Non-ASCII ids: lengths in UTF-16 units, as the caller slices a string.
    const parts: string[] = [];
    let at = 0;
    lengths.forEach((length, i) => {
      parts.push(bytes.toString('utf8', at, at + length));
      at += length;
      lengths[i] = parts[i].length;
    });
    return { text: parts.join(''), lengths, offsets: this.offsets.slice(0, this.count) };
  }
}

/**
 * The store's TSV rows for one parsed object. Rows whose values lie in the object's bytes (nearly
 * all) are copied from those bytes with no string made; rows with values captured as strings, or
 * objects that are not valid UTF-8, go through encodeRecordRow (the same text, by way of strings).
 */
export function encodeColumns(
  objectId: number,
  source: string,
  keyHour: number,
  parsed: ObjectColumnsResult,
): EncodedObject {
  const { columns } = parsed;
  const count = columns.count;
  // Copying bytes keeps them as they are: only for text DuckDB will read as UTF-8.
  const bytesUsable = isUtf8(columns.bytes);
  const records = new TsvWriter(parsed.bytes * 2 + count * 64);
  const rejects = new TsvWriter(16 << 10);
  const ctx: RowContext = {
    w: records,
    columns,
    source: Buffer.from(encodeText(source), 'utf8'),
    sourceText: source,
    objectId,
    specials: new SpecialBytes(columns.bytes),
    bytes: new Uint8Array(columns.bytes.buffer, columns.bytes.byteOffset, columns.bytes.byteLength),
  };
  const extras = new ExtrasReader(columns);
  const ids = new IdCollector(count);
  const routeSeen = new RequestIdTable(64);
  const routes: string[] = [];
  let minTime = Infinity;
  let maxTime = -Infinity;

  for (let row = 0; row < count; row++) {
    // A format without $context.requestTime still needs a place on the time axis: the object's
    // arrival time is the closest thing known.
    const parsedTime = columns.numbers[row * NUMBER_COUNT + TIME];
    const time = Number.isNaN(parsedTime) ? keyHour : parsedTime;
    const extra = extras.of(row);
    const fromBytes = bytesUsable && columns.where[row] === RowText.Object;
    const lineStart = records.length;
    if (fromBytes) writeRowFromBytes(ctx, row, time, extra);
    else writeRowFromStrings(ctx, row, time, extra);
    if (records.length - lineStart > MAX_LINE_BYTES) {
      records.length = lineStart;
      records.lines--;
      const raw = columns.raw(row).slice(0, REJECT_RAW_CHARS);
      const reason = 'record longer than the store accepts (about 4 MB)';
      const line = encodeRejectRow(objectId, columns.offset(row), raw, reason);
      rejects.reserve(line.length * 3);
      rejects.utf8(line);
      rejects.lines++;
      continue;
    }
    ids.add(ctx, row, fromBytes);
    addRoute(columns, row, fromBytes, routeSeen, routes);
    if (time < minTime) minTime = time;
    if (time > maxTime) maxTime = time;
  }
  for (const reject of parsed.rejects) {
    const line = encodeRejectRow(objectId, reject.offset, reject.raw, reject.reason);
    rejects.reserve(line.length * 3);
    rejects.utf8(line);
    rejects.lines++;
  }
  const idList = ids.finish();
  return {
    objectId,
    records: records.result(),
    recordLines: records.lines,
    rejects: rejects.result(),
    rejectLines: rejects.lines,
    duplicates: parsed.duplicates,
    format: parsed.format,
    bytes: parsed.bytes,
    minTime: minTime === Infinity ? null : minTime,
    maxTime: maxTime === -Infinity ? null : maxTime,
    routes,
    idText: idList.text,
    idLengths: idList.lengths,
    idOffsets: idList.offsets,
  };
}

function addRoute(
  columns: RecordColumns,
  row: number,
  fromBytes: boolean,
  seen: RequestIdTable,
  routes: string[],
): void {
  const k = columns.spanAt(row, ROUTE);
  const start = k < 0 ? -1 : columns.spans[k];
  if (start < 0) return;
  if (fromBytes ? !seen.addSpan(columns.text, start, columns.spans[k + 1]) : false) return;
  const route = columns.value(row, ROUTE) as string;
  if (fromBytes || seen.add(route)) routes.push(route);
}

/** The same for records given as objects (tests, fixtures): they take the string path. */
export function encodeParsedObject(
  objectId: number,
  source: string,
  keyHour: number,
  parsed: ObjectParseResult,
): EncodedObject {
  const { records, ...rest } = parsed;
  return encodeColumns(objectId, source, keyHour, {
    ...rest,
    columns: RecordColumns.fromRecords(records),
  });
}

/** Buffers to hand over (not copy) when the result crosses threads. */
export function transferList(result: EncodedObject): ArrayBuffer[] {
  return [
    result.records.buffer,
    result.rejects.buffer,
    result.idLengths.buffer,
    result.idOffsets.buffer,
  ] as ArrayBuffer[];
}
