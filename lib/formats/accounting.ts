/**
 * The "nothing lost" invariant as a check: every byte that is not whitespace lies in exactly one
 * record or reject span. Used by tests and available to the loader's own sanity checks.
 */
import type { ObjectParseResult } from './parse-object';

export interface AccountingProblem {
  offset: number;
  problem: 'unaccounted' | 'overlap';
}

function isWhitespaceByte(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

/** First problem found, or null. Duplicates are counted, not spanned: pass results without them. */
export function checkAccounting(
  bytes: Uint8Array,
  result: Pick<ObjectParseResult, 'records' | 'rejects'>,
): AccountingProblem | null {
  const covered = new Uint8Array(bytes.length);
  const spans = [...result.records, ...result.rejects];
  for (const { offset, length } of spans) {
    for (let i = offset; i < offset + length && i < bytes.length; i++) {
      if (covered[i] === 1) return { offset: i, problem: 'overlap' };
      covered[i] = 1;
    }
  }
  for (let i = 0; i < bytes.length; i++) {
    if (covered[i] === 0 && !isWhitespaceByte(bytes[i]))
      return { offset: i, problem: 'unaccounted' };
  }
  return null;
}
