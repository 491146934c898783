/**
 * The canonical records of one object, stored by column: the same fields as CanonicalRecord, but a
 * text value is a span of the object's text (start, end) and a number sits in a Float64Array. Reading
 * an object this way allocates nothing per record: no record object, no string per value. Record
 * objects made the garbage collector copy every kept value at least once, which was about half of
 * the whole parse and the largest single cost of loading (the store's encoder copies the value
 * bytes straight from these spans).
 *
 * Where values lie: the object text (`text`, latin1-decoded bytes, so a char index is the byte
 * offset) for records read in place; values that were captured some other way (exec(), the lenient
 * reader) or given as strings (columns-from-records.ts) are appended to an auxiliary text instead, and the row
 * says so (`where`). records(), value(row, field) and raw(row) turn any row back into strings, decoding
 * UTF-8 where the object holds non-ASCII bytes.
 */
import { isAscii } from 'node:buffer';
import { emptyRecord, type CanonicalRecord } from './canonical-record';
import { latin1ToUtf8 } from './latin1';
import { NUMBER_COUNT, NUMBER_FIELDS, RowText, TEXT_COUNT, TEXT_FIELDS } from './record-fields';

export * from './record-fields';

/** Rows allocated first when the first record's length cannot say (an empty record). */
const MIN_CAPACITY = 64;
/** The first record's length predicts the rest; a little more room saves a copy. */
const ESTIMATE_SLACK = 1.25;
/** At most this many rows before the columns grow by doubling. */
const MAX_FIRST_CAPACITY = 1 << 18;

const ALL_TEXT_FIELDS = TEXT_FIELDS.map((_, i) => i);

export class RecordColumns {
  count = 0;
  private capacity = 0;
  /**
   * Per row, per stored text field: start, end (start -1: missing), row-major. Only fields some
   * template of the object fills are stored (`width` per row, `textSlot` says where).
   */
  spans: Int32Array;
  readonly width: number;
  /** Per text field (TEXT_INDEX): its place in a row, or -1 if not stored. */
  readonly textSlot: Int8Array;
  /** Per row, per number field (NaN: missing). */
  numbers: Float64Array;
  /** Per row: the record's span in the object text [start, end). */
  bounds: Int32Array;
  /** Per row: a RowText. */
  where: Uint8Array;
  /** Per row: which of the object's templates (in matcher order) read it. */
  format: Uint8Array;
  /** Per row with RowText.Aux: the raw text's span in the auxiliary text. */
  private rawSpans = new Map<number, [number, number]>();
  /** Variables that fill no canonical field: [row, start, end] triples, in row order, and names. */
  extraSpans = new Int32Array(0);
  extraNames: string[] = [];
  extraCount = 0;
  /** Values that do not lie in the object text, laid end to end. */
  aux = '';

  /**
   * `text` is the object decoded as latin1 and `bytes` the object itself. `textFields`: the text
   * fields (TEXT_INDEX) any template in play fills; the others are always missing.
   * `expectedRows`: how many rows will come, if known; otherwise the first record's length sizes
   * the columns for the whole text (objects hold records of similar length).
   */
  constructor(
    readonly text: string,
    readonly bytes: Buffer,
    expectedRows = 0,
    textFields: readonly number[] = ALL_TEXT_FIELDS,
  ) {
    this.textSlot = new Int8Array(TEXT_COUNT).fill(-1);
    const fields = [...new Set(textFields)].sort((a, b) => a - b);
    fields.forEach((field, slot) => (this.textSlot[field] = slot));
    this.width = fields.length;
    this.spans = new Int32Array(0);
    this.numbers = new Float64Array(0);
    this.bounds = new Int32Array(0);
    this.where = new Uint8Array(0);
    this.format = new Uint8Array(0);
    if (expectedRows > 0) this.grow(expectedRows);
  }

  private holdsNonAscii: boolean | null = null;

  /**
   * Whether the object holds non-ASCII bytes, whose values are then decoded as UTF-8 (and the
   * latin1 text no longer equals them). Only asked when values become strings.
   */
  get utf8(): boolean {
    this.holdsNonAscii ??= !isAscii(this.bytes);
    return this.holdsNonAscii;
  }

  /** A new row (all values missing) for the record text[start, end); returns its index. */
  addRow(start: number, end: number, where: RowText, format = 0): number {
    if (this.count === this.capacity) {
      // A hostile first record of a few bytes must not size the columns for millions of rows.
      const estimate = Math.min(
        MAX_FIRST_CAPACITY,
        (this.text.length / Math.max(1, end - start)) * ESTIMATE_SLACK,
      );
      this.grow(
        this.capacity === 0 ? Math.max(MIN_CAPACITY, Math.ceil(estimate)) : this.capacity * 2,
      );
    }
    const row = this.count++;
    this.bounds[row * 2] = start;
    this.bounds[row * 2 + 1] = end;
    this.where[row] = where;
    this.format[row] = format;
    return row;
  }

  /** Forgets the last row (a duplicate delivery found after it was written). */
  dropLastRow(): void {
    const row = --this.count;
    this.spans.fill(-1, row * this.width * 2, (row + 1) * this.width * 2);
    this.numbers.fill(NaN, row * NUMBER_COUNT, (row + 1) * NUMBER_COUNT);
    this.rawSpans.delete(row);
    while (this.extraCount > 0 && this.extraSpans[(this.extraCount - 1) * 3] === row) {
      this.extraCount--;
      this.extraNames.pop();
    }
  }

  /** Removes rows (ascending indexes; duplicate deliveries found after the scan), keeping order. */
  removeRows(remove: readonly number[]): void {
    if (remove.length === 0) return;
    const T = this.width * 2;
    const N = NUMBER_COUNT;
    const newIndex = new Int32Array(this.count);
    let next = 0;
    let to = 0;
    for (let from = 0; from < this.count; from++) {
      if (next < remove.length && remove[next] === from) {
        next++;
        newIndex[from] = -1;
        continue;
      }
      if (to !== from) {
        this.spans.copyWithin(to * T, from * T, (from + 1) * T);
        this.numbers.copyWithin(to * N, from * N, (from + 1) * N);
        this.bounds.copyWithin(to * 2, from * 2, (from + 1) * 2);
        this.where[to] = this.where[from];
        this.format[to] = this.format[from];
      }
      newIndex[from] = to++;
    }
    this.spans.fill(-1, to * T, this.count * T);
    this.numbers.fill(NaN, to * N, this.count * N);
    const rawSpans = new Map<number, [number, number]>();
    for (const [row, span] of this.rawSpans) {
      if (newIndex[row] >= 0) rawSpans.set(newIndex[row], span);
    }
    this.rawSpans = rawSpans;
    let kept = 0;
    for (let k = 0; k < this.extraCount; k++) {
      const row = newIndex[this.extraSpans[k * 3]];
      if (row < 0) continue;
      this.extraSpans[kept * 3] = row;
      this.extraSpans[kept * 3 + 1] = this.extraSpans[k * 3 + 1];
      this.extraSpans[kept * 3 + 2] = this.extraSpans[k * 3 + 2];
      this.extraNames[kept++] = this.extraNames[k];
    }
    this.extraCount = kept;
    this.extraNames.length = kept;
    this.count = to;
  }

  /** Appends a value to the auxiliary text; returns its start (its end is start + length). */
  appendAux(value: string): number {
    const start = this.aux.length;
    this.aux += value;
    return start;
  }

  setRawSpan(row: number, start: number, end: number): void {
    this.rawSpans.set(row, [start, end]);
  }

  addExtra(row: number, name: string, start: number, end: number): void {
    // A variable that appears twice keeps its first value, as in CanonicalRecord.extra.
    for (let k = this.extraCount - 1; k >= 0 && this.extraSpans[k * 3] === row; k--) {
      if (this.extraNames[k] === name) return;
    }
    if ((this.extraCount + 1) * 3 > this.extraSpans.length) {
      const bigger = new Int32Array(Math.max(96, this.extraSpans.length * 2));
      bigger.set(this.extraSpans);
      this.extraSpans = bigger;
    }
    const k = this.extraCount++;
    this.extraSpans[k * 3] = row;
    this.extraSpans[k * 3 + 1] = start;
    this.extraSpans[k * 3 + 2] = end;
    this.extraNames.push(name);
  }

  private grow(capacity: number): void {
    const spans = new Int32Array(capacity * this.width * 2).fill(-1, this.spans.length);
    spans.set(this.spans);
    const numbers = new Float64Array(capacity * NUMBER_COUNT).fill(NaN, this.numbers.length);
    numbers.set(this.numbers);
    const bounds = new Int32Array(capacity * 2);
    bounds.set(this.bounds);
    const where = new Uint8Array(capacity);
    where.set(this.where);
    const format = new Uint8Array(capacity);
    format.set(this.format);
    Object.assign(this, { spans, numbers, bounds, where, format, capacity });
  }

  /** The text a row's values are spans of. */
  valuesText(row: number): string {
    return this.where[row] === RowText.Object ? this.text : this.aux;
  }

  /** text[start, end) of a row's values as a string, UTF-8 decoded where the bytes need it. */
  decodeSpan(row: number, start: number, end: number): string {
    if (this.where[row] === RowText.Object) {
      return this.utf8 ? this.bytes.toString('utf8', start, end) : this.text.slice(start, end);
    }
    const value = this.aux.slice(start, end);
    return this.utf8 && this.where[row] === RowText.AuxValues ? latin1ToUtf8(value) : value;
  }

  /** Where a row's span of a text field is in `spans` (start; end follows), or -1 if not stored. */
  spanAt(row: number, field: number): number {
    const slot = this.textSlot[field];
    return slot < 0 ? -1 : (row * this.width + slot) * 2;
  }

  /** Start of a row's text field in its values text, or -1 if missing. */
  spanStart(row: number, field: number): number {
    const k = this.spanAt(row, field);
    return k < 0 ? -1 : this.spans[k];
  }

  value(row: number, field: number): string | null {
    const k = this.spanAt(row, field);
    if (k < 0) return null;
    const start = this.spans[k];
    return start < 0 ? null : this.decodeSpan(row, start, this.spans[k + 1]);
  }

  number(row: number, field: number): number | null {
    const value = this.numbers[row * NUMBER_COUNT + field];
    return Number.isNaN(value) ? null : value;
  }

  offset(row: number): number {
    return this.bounds[row * 2];
  }

  length(row: number): number {
    return this.bounds[row * 2 + 1] - this.bounds[row * 2];
  }

  raw(row: number): string {
    const own = this.rawSpans.get(row);
    if (own !== undefined) return this.aux.slice(own[0], own[1]);
    const start = this.bounds[row * 2];
    const end = this.bounds[row * 2 + 1];
    return this.utf8 ? this.bytes.toString('utf8', start, end) : this.text.slice(start, end);
  }

  /** Extras of every row, as objects by row (rows without any are absent). */
  extrasByRow(): Map<number, Record<string, string>> {
    const byRow = new Map<number, Record<string, string>>();
    for (let k = 0; k < this.extraCount; k++) {
      const row = this.extraSpans[k * 3];
      let extra = byRow.get(row);
      if (extra === undefined) byRow.set(row, (extra = {}));
      extra[this.extraNames[k]] = this.decodeSpan(
        row,
        this.extraSpans[k * 3 + 1],
        this.extraSpans[k * 3 + 2],
      );
    }
    return byRow;
  }

  /** One row as a CanonicalRecord; `extra` as extrasByRow() found it. */
  record(row: number, extra: Record<string, string> | null): CanonicalRecord {
    const record = emptyRecord();
    TEXT_FIELDS.forEach((field, i) => (record[field] = this.value(row, i)));
    NUMBER_FIELDS.forEach((field, i) => (record[field] = this.number(row, i)));
    record.extra = extra;
    return record;
  }

  /** Every row as a CanonicalRecord (the CLI, tests, previews: not the load path). */
  records(): CanonicalRecord[] {
    const extras = this.extrasByRow();
    const records: CanonicalRecord[] = [];
    for (let row = 0; row < this.count; row++) {
      records.push(this.record(row, extras.get(row) ?? null));
    }
    return records;
  }
}
