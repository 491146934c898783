import 'server-only';
import { renderParts, type IntegerField, type RenderPart } from '@/lib/formats/raw-render';
import { parseRequestTimeAt as importedParseRequestTimeAt } from '@/lib/formats/value-parsers';
import {
  NUMBER_COUNT,
  NUMBER_INDEX,
  TEXT_INDEX,
  type RecordColumns,
} from '@/lib/formats/record-columns';

/**
 * Does a record's text come back byte for byte when rendered from the values the store keeps for
 * it? Then the store need not keep the text (raw-render.ts). The values compared are the stored
 * ones, exactly as the TSV encoder writes them (a status out of SMALLINT range is NULL, a latency
 * is a DOUBLE, a record without a time has the object's arrival hour), so this check and the SQL
 * rendering (lib/query/sql/raw-sql.ts) see the same record.
 */
// Bound once: a transpiled import is a getter call per use (see record-builder.ts).
const parseRequestTimeAt = importedParseRequestTimeAt;

const enum Part {
  Literal,
  Text,
  Integer,
  RequestTime,
  Epoch,
}

/**
 * A template's parts as flat arrays (one switch on small integers per part: part objects of five
 * shapes made the check cost more than the encoding it saves).
 */
export interface RawRender {
  /** The template's id in the store's `templates` table. */
  id: number;
  kinds: Uint8Array;
  /** Text: TEXT_INDEX; integer: NUMBER_INDEX. */
  fields: Int32Array;
  /** Literal parts: their UTF-8 bytes. */
  literals: Uint8Array[];
  /** Integer parts: the stored column's range, and 1 for a DOUBLE column. */
  mins: Float64Array;
  maxes: Float64Array;
  doubles: Uint8Array;
  /**
   * The last requestTime text found exact: where it starts in the object's bytes (-1: none) and
   * the second it stands for. Records of an object come in time order, often several a second:
   * comparing 26 bytes is cheaper than parsing them again.
   */
  lastTimeAt: number;
  lastTimeSecond: number;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Stored range and type per numeric field (see RECORD_LOAD_COLUMNS and encode-row.ts). */
const INTEGER_COLUMNS: Record<IntegerField, { min: number; max: number; double: boolean }> = {
  status: { min: 0, max: 32767, double: false },
  bytes: { min: -MAX_SAFE, max: MAX_SAFE, double: false },
  latencyMs: { min: -Infinity, max: Infinity, double: true },
  integrationLatencyMs: { min: -Infinity, max: Infinity, double: true },
};

const PART_KINDS: Record<RenderPart['kind'], Part> = {
  literal: Part.Literal,
  text: Part.Text,
  integer: Part.Integer,
  requestTime: Part.RequestTime,
  epoch: Part.Epoch,
};

/** The check for a template, or null if its records cannot be rendered. */
export function compileRawRender(template: string, id: number): RawRender | null {
  const parts = renderParts(template);
  if (parts === null) return null;
  const n = parts.length;
  const render: RawRender = {
    id,
    kinds: Uint8Array.from(parts, (part) => PART_KINDS[part.kind]),
    fields: new Int32Array(n),
    literals: parts.map((part) =>
      part.kind === 'literal' ? Buffer.from(part.text, 'utf8') : new Uint8Array(0),
    ),
    mins: new Float64Array(n),
    maxes: new Float64Array(n),
    doubles: new Uint8Array(n),
    lastTimeAt: -1,
    lastTimeSecond: NaN,
  };
  parts.forEach((part, i) => {
    if (part.kind === 'text') render.fields[i] = TEXT_INDEX[part.field];
    if (part.kind !== 'integer') return;
    const column = INTEGER_COLUMNS[part.field];
    render.fields[i] = NUMBER_INDEX[part.field];
    render.mins[i] = column.min;
    render.maxes[i] = column.max;
    render.doubles[i] = column.double ? 1 : 0;
  });
  return render;
}

const DASH = 45;
const POINT = 46;
/** Where a literal may start (see rendersExactly). */
const AT_BOUNDARY = 0;
const AFTER_NUMBER = 1;
const UNKNOWN = 2;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Where the decimal form of `value` (as SQL's CAST to VARCHAR writes an integer) ends if it starts
 * at bytes[p], else -1: an optional minus, no leading zero, the same number.
 */
function integerEnd(bytes: Uint8Array, p: number, end: number, value: number): number {
  let q = p;
  const negative = bytes[q] === DASH;
  if (negative) q++;
  if (q >= end || !isDigit(bytes[q])) return -1;
  if (bytes[q] === 48 && q + 1 < end && isDigit(bytes[q + 1])) return -1;
  let n = 0;
  for (; q < end && isDigit(bytes[q]); q++) n = n * 10 + (bytes[q] - 48);
  if (negative && n === 0) return -1;
  return (negative ? -n : n) === value ? q : -1;
}

/**
 * The stored form of a number column's value: null where the store keeps NULL, NaN where the
 * rendering would not be exact (a fractional DOUBLE renders rounded).
 */
function storedInteger(value: number, min: number, max: number, double: boolean): number | null {
  if (!Number.isFinite(value)) return null;
  if (double) return Number.isInteger(value) && Math.abs(value) <= MAX_SAFE ? value : NaN;
  const integer = Math.trunc(value);
  return integer < min || integer > max ? null : integer;
}

/** `+0000` */
const UTC_OFFSET = Buffer.from('+0000', 'latin1');

/**
 * Where the requestTime at bytes[p] ends if it is exactly what SQL writes for `time`
 * (`dd/MMM/yyyy:HH:mm:ss +0000`, the second `time` falls in), else -1. Parsing the text (with the
 * parser's minute cache) is cheaper than writing the expected text for every record. The text is
 * then canonical: two-digit fields, a month name as written, no leap second.
 */
function requestTimeEnd(
  render: RawRender,
  text: string,
  bytes: Uint8Array,
  p: number,
  end: number,
  time: number,
) {
  const second = Math.floor(time / 1000) * 1000;
  const last = render.lastTimeAt;
  if (last >= 0 && second === render.lastTimeSecond && sameBytes(bytes, p, end, bytes, last, 26))
    return p + 26;
  if (p + 26 > end || !sameBytes(bytes, p + 21, end, UTC_OFFSET, 0, 5)) return -1;
  if (bytes[p + 18] === 54) return -1; // second 60
  const ms = parseRequestTimeAt(text, p, p + 26);
  if (ms === null || ms !== second) return -1;
  render.lastTimeAt = p;
  render.lastTimeSecond = second;
  return p + 26;
}

/** bytes[p, p + length) equals source[from, from + length), within the record (before end). */
function sameBytes(
  bytes: Uint8Array,
  p: number,
  end: number,
  source: Uint8Array,
  from: number,
  length: number,
): boolean {
  if (p + length > end) return false;
  for (let i = 0; i < length; i++) if (bytes[p + i] !== source[from + i]) return false;
  return true;
}

/**
 * Whether row `row` renders back to exactly its record text. The row must have been read in place
 * by a format's strict reading (RowText.Object: its values are spans of `bytes`, the object, and
 * the template's literals lie between them).
 */
export function rendersExactly(
  render: RawRender,
  columns: RecordColumns,
  bytes: Uint8Array,
  row: number,
  time: number,
): boolean {
  const { kinds, fields } = render;
  const { spans, numbers, textSlot, width } = columns;
  const end = columns.bounds[row * 2 + 1];
  let p = columns.bounds[row * 2];
  // Whether p is at a boundary of the strict reading, so that a literal there is the template's
  // own (the strict regex matched it) and need not be compared: at the record's start, after a
  // text value found right here, after a time (always 26 chars). After a number only its first
  // byte is compared: a number's text goes on with digits or a point, so a first byte that is
  // neither proves the number ended here. (A JSON template's keys are most of its bytes:
  // comparing them all was a sixth of encoding such records.) Anything else compares it all.
  let at = AT_BOUNDARY;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    if (kind === Part.Literal) {
      const literal = render.literals[i];
      if (at !== AT_BOUNDARY) {
        const first = literal[0];
        const quick = at === AFTER_NUMBER && first !== POINT && !isDigit(first);
        if (
          quick
            ? p >= end || bytes[p] !== first
            : !sameBytes(bytes, p, end, literal, 0, literal.length)
        )
          return false;
      }
      p += literal.length;
      continue;
    }
    at = UNKNOWN;
    switch (kind) {
      case Part.Text: {
        const slot = textSlot[fields[i]];
        const k = (row * width + slot) * 2;
        const start = slot < 0 ? -1 : spans[k];
        if (start < 0) {
          if (p >= end || bytes[p] !== DASH) return false;
          p++;
          break;
        }
        const length = spans[k + 1] - start;
        // Nearly always the value lies right here; elsewhere, its bytes must repeat here.
        if (start !== p && !sameBytes(bytes, p, end, bytes, start, length)) return false;
        if (start === p) at = AT_BOUNDARY;
        p += length;
        break;
      }
      case Part.Integer: {
        const value = storedInteger(
          numbers[row * NUMBER_COUNT + fields[i]],
          render.mins[i],
          render.maxes[i],
          render.doubles[i] === 1,
        );
        if (value === null) {
          if (p >= end || bytes[p] !== DASH) return false;
          p++;
        } else {
          p = Number.isNaN(value) ? -1 : integerEnd(bytes, p, end, value);
          if (p < 0) return false;
          at = AFTER_NUMBER;
        }
        break;
      }
      case Part.RequestTime:
        p = requestTimeEnd(render, columns.text, bytes, p, end, time);
        if (p < 0) return false;
        at = AT_BOUNDARY;
        break;
      default:
        p = integerEnd(bytes, p, end, time);
        if (p < 0) return false;
        at = AFTER_NUMBER;
    }
  }
  return p === end;
}
