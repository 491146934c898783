/** Small text helpers shared by the record scanner and format detection. */

export function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

export function countNonWhitespace(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (!isWhitespace(text.charCodeAt(i))) n++;
  return n;
}

export function execSafely(regex: RegExp, text: string): RegExpExecArray | null {
  try {
    return regex.exec(text);
  } catch {
    // V8 throws RangeError when a backtracking stack overflows on a pathological value.
    return null;
  }
}

/** regex.test() that reports a backtracking stack overflow as no match. */
export function testSafely(regex: RegExp, text: string): boolean {
  try {
    return regex.test(text);
  } catch {
    return false;
  }
}

/** Literals must all appear in order, or no reading of the window can succeed. */
export function containsLiteralsInOrder(window: string, literals: readonly string[]): boolean {
  let from = 0;
  for (const literal of literals) {
    const at = window.indexOf(literal, from);
    if (at < 0) return false;
    from = at + literal.length;
  }
  return true;
}

/** End of a record start matching at `start`, or -1. */
export function startMatchEnd(text: string, start: number, startAt: RegExp | null): number {
  if (startAt === null) return -1;
  startAt.lastIndex = start;
  return execSafely(startAt, text) === null ? -1 : startAt.lastIndex;
}

/** First possible record start in [from, limit), else limit. */
export function nextBoundary(
  text: string,
  from: number,
  limit: number,
  boundary: RegExp | null,
): number {
  if (boundary === null || from >= limit) return limit;
  // Search a slice so a missing start costs one line, not the rest of the object.
  const segment = text.slice(from, limit);
  boundary.lastIndex = 0;
  const found = execSafely(boundary, segment);
  return found === null ? limit : from + found.index;
}

/** Next CR or LF at or after a position; remembered so repeated lookups stay linear. */
export class LineBreaks {
  private lf = -1;
  private cr = -1;
  constructor(private readonly text: string) {}

  next(from: number): number {
    const { text } = this;
    if (this.lf !== text.length && this.lf < from) {
      const at = text.indexOf('\n', from);
      this.lf = at < 0 ? text.length : at;
    }
    if (this.cr !== text.length && this.cr < from) {
      const at = text.indexOf('\r', from);
      this.cr = at < 0 ? text.length : at;
    }
    return this.lf < this.cr ? this.lf : this.cr;
  }
}
