import 'server-only';
import { isUtf8 } from 'node:buffer';
import type { ObjectColumnsResult, ObjectParseResult } from '@/lib/formats/parse-object';
import { columnsFromRecords } from '@/lib/formats/columns-from-records';
import {
  NUMBER_COUNT,
  NUMBER_INDEX,
  RowText,
  TEXT_INDEX,
  type RecordColumns,
} from '@/lib/formats/record-columns';
import { RequestIdTable } from '@/lib/formats/request-id-table';
import {
  ExtrasReader,
  writeRowFromBytes,
  writeRowFromStrings,
  type RowContext,
} from './encode-row';
import { filledColumns } from './filled-columns';
import { compileRawRender } from './raw-check';
import { SpecialBytes } from './special-bytes';
import { encodeRejectRow, encodeText, MAX_LINE_BYTES } from './tsv';
import { TsvWriter } from './tsv-writer';

const REJECT_RAW_CHARS = 4096;
const TIME = NUMBER_INDEX.time;
const REQUEST_ID = TEXT_INDEX.requestId;
const ROUTE = TEXT_INDEX.route;
/** Bound once: a const enum read through an import is a getter call per row in dev builds. */
const IN_OBJECT: RowText = RowText.Object;

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
  /** Bytes of the rows: of `records`, or of `recordFile` when a worker wrote them there. */
  recordBytes: number;
  /** Set when the rows were written to this file instead (parse-job.ts); `records` is empty. */
  recordFile?: string;
  /** Which record columns the rows can fill (filled-columns.ts). */
  filledColumns: number;
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
  /** Request ids of the rows written, as UTF-8 bytes one after another; idEnds: where each ends. */
  idBytes: Uint8Array;
  idEnds: Uint32Array;
  /** Byte offset (object_offset) of the row with each id. */
  idOffsets: Float64Array;
}

/**
 * TSV bytes per object byte and per record, as the last object of this thread had them: objects
 * of one source are alike, so the next one's buffer can start close to its final size. Too small
 * costs a copy when it grows, too large a copy when it is trimmed (TsvWriter.result).
 */
let tsvPerByte = 2;
let tsvPerRecord = 64;

/** Room a row reserves beyond what it writes (writeRowFromBytes asks for its worst case). */
const ROW_SLACK = 64 << 10;

function recordBytesGuess(bytes: number, records: number): number {
  return Math.ceil(bytes * tsvPerByte + records * tsvPerRecord) + ROW_SLACK;
}

function learnRecordBytes(bytes: number, records: number, written: number): void {
  if (bytes <= 0 || written <= 0) return;
  // 5% above what the last object needed, all of it per byte (records scale with bytes).
  tsvPerByte = (written / bytes) * 1.05;
  tsvPerRecord = 0;
}

/** The request ids of written rows, as the caller's cross-object check reads them. */
class IdCollector {
  private readonly w: TsvWriter;
  private count = 0;
  readonly ends: Uint32Array;
  readonly offsets: Float64Array;

  constructor(rows: number) {
    this.w = new TsvWriter(rows * 40);
    this.ends = new Uint32Array(rows);
    this.offsets = new Float64Array(rows);
  }

  add({ columns, bytes }: RowContext, row: number, fromBytes: boolean): void {
    const k = columns.spanAt(row, REQUEST_ID);
    const start = k < 0 ? -1 : columns.spans[k];
    if (start < 0) return;
    if (fromBytes) {
      const end = columns.spans[k + 1];
      this.w.reserve(end - start);
      this.w.out.set(bytes.subarray(start, end), this.w.length);
      this.w.length += end - start;
    } else {
      const id = columns.value(row, REQUEST_ID) as string;
      this.w.reserve(id.length * 3);
      this.w.utf8(id);
    }
    this.ends[this.count] = this.w.length;
    this.offsets[this.count++] = columns.offset(row);
  }

  finish() {
    return {
      bytes: this.w.result(),
      ends: this.ends.slice(0, this.count),
      offsets: this.offsets.slice(0, this.count),
    };
  }
}

/**
 * The store's TSV rows for one parsed object. Rows whose values lie in the object's bytes (nearly
 * all) are copied from those bytes with no string made; rows with values captured as strings, or
 * objects that are not valid UTF-8, go through encodeRecordRow (the same text, by way of strings).
 * `templateIds`: the store's ids of templates whose records may be stored without their raw text
 * (raw-check.ts); a row that renders back exactly gets the id and no raw text.
 */
export function encodeColumns(
  objectId: number,
  source: string,
  keyHour: number,
  parsed: ObjectColumnsResult,
  templateIds: Readonly<Record<string, number>> = {},
): EncodedObject {
  const { columns } = parsed;
  const count = columns.count;
  // Copying bytes keeps them as they are: only for text DuckDB will read as UTF-8.
  const bytesUsable = isUtf8(columns.bytes);
  const records = new TsvWriter(recordBytesGuess(parsed.bytes, count));
  const rejects = new TsvWriter(16 << 10);
  const ctx: RowContext = {
    w: records,
    columns,
    source: Buffer.from(encodeText(source), 'utf8'),
    sourceText: source,
    objectId,
    specials: new SpecialBytes(columns.bytes),
    bytes: new Uint8Array(columns.bytes.buffer, columns.bytes.byteOffset, columns.bytes.byteLength),
    renders: parsed.templates.map((template) => {
      const id = templateIds[template];
      return id === undefined ? null : compileRawRender(template, id);
    }),
    textIds: 0,
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
    const fromBytes = bytesUsable && columns.where[row] === IN_OBJECT;
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
  learnRecordBytes(parsed.bytes, count, records.length);
  const idList = ids.finish();
  return {
    objectId,
    records: records.result(),
    recordLines: records.lines,
    recordBytes: records.length,
    filledColumns: filledColumns(columns, count, ctx.textIds > 0, columns.extraCount > 0),
    rejects: rejects.result(),
    rejectLines: rejects.lines,
    duplicates: parsed.duplicates,
    format: parsed.format,
    bytes: parsed.bytes,
    minTime: minTime === Infinity ? null : minTime,
    maxTime: maxTime === -Infinity ? null : maxTime,
    routes,
    idBytes: idList.bytes,
    idEnds: idList.ends,
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
    columns: columnsFromRecords(records),
    templates: [],
  });
}

/** Buffers to hand over (not copy) when the result crosses threads. */
export function transferList(result: EncodedObject): ArrayBuffer[] {
  return [
    result.records.buffer,
    result.rejects.buffer,
    result.idBytes.buffer,
    result.idEnds.buffer,
    result.idOffsets.buffer,
  ] as ArrayBuffer[];
}
