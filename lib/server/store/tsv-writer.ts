import 'server-only';

/**
 * Writes TSV (the dialect in tsv.ts) as bytes into one growing ArrayBuffer: values are copied from
 * the object's bytes where they lie, numbers are written digit by digit, so encoding a row makes no
 * string at all. The result can be transferred to another thread without a copy.
 */
const TAB = 9;
const NEWLINE = 10;
const QUOTE = 1;
const BACKSLASH = 92;
const CAPITAL_N = 78;

export class TsvWriter {
  out: Uint8Array;
  length = 0;
  lines = 0;

  constructor(initialBytes: number) {
    this.out = new Uint8Array(new ArrayBuffer(Math.max(1024, initialBytes)));
  }

  /** Makes room for `bytes` more. */
  reserve(bytes: number): void {
    if (this.length + bytes <= this.out.length) return;
    const bigger = new Uint8Array(
      new ArrayBuffer(Math.max(this.out.length * 2, this.length + bytes)),
    );
    bigger.set(this.out.subarray(0, this.length));
    this.out = bigger;
  }

  tab(): void {
    this.out[this.length++] = TAB;
  }

  endLine(): void {
    this.out[this.length++] = NEWLINE;
    this.lines++;
  }

  nullValue(): void {
    const out = this.out;
    out[this.length++] = BACKSLASH;
    out[this.length++] = CAPITAL_N;
  }

  /** Bytes written verbatim (pre-encoded values). */
  bytes(value: Uint8Array): void {
    this.out.set(value, this.length);
    this.length += value.length;
  }

  /** A string written as UTF-8, verbatim (it must already be a TSV value). Reserve 3 bytes/char. */
  utf8(value: string): void {
    this.length += Buffer.from(this.out.buffer).write(value, this.length, 'utf8');
  }

  /**
   * source[start, end) as a text value. `clean`: the caller knows the span holds no tab, line
   * break or \x01, so it is copied without looking. Otherwise such bytes make it a quoted value
   * (\x01 doubled). Empty, or `\N` itself, is quoted so it does not read as NULL.
   * Reserve 2 * (end - start) + 2 bytes.
   */
  span(source: Uint8Array, start: number, end: number, clean: boolean): void {
    const out = this.out;
    let p = this.length;
    const length = end - start;
    if (
      length === 0 ||
      (length === 2 && source[start] === BACKSLASH && source[start + 1] === CAPITAL_N)
    ) {
      this.quoted(source, start, end);
      return;
    }
    if (clean) {
      if (length > 48) {
        out.set(source.subarray(start, end), p);
        this.length = p + length;
        return;
      }
      for (let k = start; k < end; k++) out[p++] = source[k];
      this.length = p;
      return;
    }
    for (let k = start; k < end; k++) {
      const c = source[k];
      if (c < 14 && (c === TAB || c === NEWLINE || c === 13 || c === QUOTE)) {
        this.quoted(source, start, end);
        return;
      }
      out[p++] = c;
    }
    this.length = p;
  }

  private quoted(source: Uint8Array, start: number, end: number): void {
    const out = this.out;
    let p = this.length;
    out[p++] = QUOTE;
    for (let k = start; k < end; k++) {
      const c = source[k];
      if (c === QUOTE) out[p++] = QUOTE;
      out[p++] = c;
    }
    out[p++] = QUOTE;
    this.length = p;
  }

  /**
   * A safe integer, in decimal. Reserve 17 bytes. Digits come from 32-bit integer math: above
   * 2^31 (times in ms, IPv6-mapped addresses) the number is split at 10^9 first, as float
   * division per digit made this a tenth of the whole encoding.
   */
  integer(value: number): void {
    let n = value;
    if (n < 0) {
      this.out[this.length++] = 45;
      n = -n;
    }
    if (n < 2147483648) {
      this.smallInteger(n);
      return;
    }
    const high = Math.floor(n / 1e9);
    this.smallInteger(high);
    this.nineDigits(n - high * 1e9);
  }

  /** 0 <= n < 2^31. */
  private smallInteger(n: number): void {
    const out = this.out;
    let digits = 1;
    for (let t = n; t >= 10; t = (t / 10) | 0) digits++;
    let q = this.length + digits;
    this.length = q;
    let rest = n | 0;
    while (rest >= 10) {
      const next = (rest / 10) | 0;
      out[--q] = 48 + rest - next * 10;
      rest = next;
    }
    out[--q] = 48 + rest;
  }

  /** 0 <= n < 10^9, zero-padded to nine digits. */
  private nineDigits(n: number): void {
    const out = this.out;
    let rest = n | 0;
    const end = this.length + 9;
    for (let q = end - 1; q >= this.length; q--) {
      const next = (rest / 10) | 0;
      out[q] = 48 + rest - next * 10;
      rest = next;
    }
    this.length = end;
  }

  /** An ASCII string (numbers as String() wrote them). */
  ascii(value: string): void {
    const out = this.out;
    let p = this.length;
    for (let k = 0; k < value.length; k++) out[p++] = value.charCodeAt(k);
    this.length = p;
  }

  /** The written bytes; their .buffer is an ArrayBuffer of their own, to transfer. */
  result(): Uint8Array {
    // The first guess is generous; batches hold these until written, so keep only what was used
    // (a copy of about a megabyte, against holding three times the memory).
    const whole = this.out.buffer as ArrayBuffer;
    if (whole.byteLength <= this.length * 1.25) return new Uint8Array(whole, 0, this.length);
    return new Uint8Array(whole.slice(0, this.length));
  }
}
