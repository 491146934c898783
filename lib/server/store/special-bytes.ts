import 'server-only';

/** Bytes that make a TSV value need quoting (tsv.ts): tab, line feed, carriage return, \x01. */
const SPECIAL = [9, 10, 13, 1];

/**
 * Answers "does bytes[start, end) hold a byte that needs quoting?" for spans that come in order
 * (the records of one object). Per special byte it remembers the next occurrence, found with
 * Buffer#indexOf (memchr), so the whole object is searched about once per byte value, instead of
 * every value being checked byte by byte. Most records are clean, and their values are then
 * copied without looking.
 */
export class SpecialBytes {
  private readonly next = new Float64Array(SPECIAL.length).fill(-1);

  constructor(private readonly bytes: Buffer) {}

  private last = 0;

  clean(start: number, end: number): boolean {
    const { next, bytes } = this;
    // Spans out of order (not expected) would read stale positions: start over.
    if (start < this.last) next.fill(-1);
    this.last = start;
    for (let i = 0; i < SPECIAL.length; i++) {
      if (next[i] < start) {
        const found = bytes.indexOf(SPECIAL[i], start);
        next[i] = found < 0 ? Infinity : found;
      }
      if (next[i] < end) return false;
    }
    return true;
  }
}
