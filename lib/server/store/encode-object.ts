import 'server-only';
import type { ObjectParseResult } from '@/lib/formats';
import { encodeRecordRow, encodeRejectRow, MAX_LINE_CHARS } from './tsv';

/**
 * One parsed object as the store takes it: TSV rows (one transferable buffer, so a worker thread
 * can hand it over without a copy), the facts the manifest needs, and the request ids so the
 * caller can drop redeliveries across objects. Record objects end here: a batch holding hundreds
 * of thousands of them until it is written made garbage collection a third of the load.
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

/**
 * Bytes written into one growing ArrayBuffer, so the result can be transferred to another thread
 * without a copy. Sized from the input, it rarely grows.
 */
class ByteSink {
  private buffer: Buffer;
  length = 0;
  lines = 0;

  constructor(initialBytes: number) {
    this.buffer = Buffer.from(new ArrayBuffer(Math.max(1024, initialBytes)));
  }

  push(line: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const worst = line.length * 3;
    if (this.length + worst > this.buffer.length) {
      const bigger = Buffer.from(
        new ArrayBuffer(Math.max(this.buffer.length * 2, this.length + worst)),
      );
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(line, this.length, 'utf8');
    this.lines++;
  }

  /** The written bytes; their .buffer is an ArrayBuffer of their own, to transfer. */
  bytes(): Uint8Array {
    // The first guess is generous; batches hold these until written, so keep only what was used
    // (a copy of about a megabyte, against holding three times the memory).
    const whole = this.buffer.buffer as ArrayBuffer;
    if (whole.byteLength <= this.length * 1.25) return new Uint8Array(whole, 0, this.length);
    return new Uint8Array(whole.slice(0, this.length));
  }
}

const REJECT_RAW_CHARS = 4096;

export function encodeParsedObject(
  objectId: number,
  source: string,
  keyHour: number,
  parsed: ObjectParseResult,
): EncodedObject {
  // A row holds the raw record and its fields: about twice the text, plus numbers.
  const records = new ByteSink(parsed.bytes * 2 + parsed.records.length * 64);
  const rejects = new ByteSink(16 << 10);
  const routes = new Set<string>();
  const idLengths = new Uint32Array(parsed.records.length);
  const idOffsets = new Float64Array(parsed.records.length);
  let ids = 0;
  let idText = '';
  let minTime: number | null = null;
  let maxTime: number | null = null;

  for (const { record, offset, raw } of parsed.records) {
    // A format without $context.requestTime still needs a place on the time axis: the object's
    // arrival time is the closest thing known.
    if (record.time === null) record.time = keyHour;
    const line = encodeRecordRow({ source, record, raw, objectId, offset });
    if (line.length > MAX_LINE_CHARS) {
      const reason = 'record longer than the store accepts (about 1 MB)';
      rejects.push(encodeRejectRow(objectId, offset, raw.slice(0, REJECT_RAW_CHARS), reason));
      continue;
    }
    records.push(line);
    if (record.route !== null) routes.add(record.route);
    if (record.requestId !== null) {
      idText += record.requestId;
      idLengths[ids] = record.requestId.length;
      idOffsets[ids++] = offset;
    }
    const time = record.time;
    if (minTime === null || time < minTime) minTime = time;
    if (maxTime === null || time > maxTime) maxTime = time;
  }
  for (const reject of parsed.rejects)
    rejects.push(encodeRejectRow(objectId, reject.offset, reject.raw, reject.reason));

  return {
    objectId,
    records: records.bytes(),
    recordLines: records.lines,
    rejects: rejects.bytes(),
    rejectLines: rejects.lines,
    duplicates: parsed.duplicates,
    format: parsed.format,
    bytes: parsed.bytes,
    minTime,
    maxTime,
    routes: [...routes],
    idText,
    idLengths: idLengths.slice(0, ids),
    idOffsets: idOffsets.slice(0, ids),
  };
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
