/**
 * A token-level difference between two access-log formats, for the "changed since you loaded it"
 * view. Formats are one long line, so a line diff says nothing; tokens keep `$context` variables
 * whole and split the literal text at spaces and punctuation, the units a person edits.
 */
export type DiffOp = 'same' | 'removed' | 'added';

export interface DiffSegment {
  op: DiffOp;
  text: string;
}

const TOKEN = /\$context(?:\.[A-Za-z0-9_]+)+|\s+|[A-Za-z0-9_]+|[^\sA-Za-z0-9_$]|\$/g;

export function splitDiffTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

// AWS caps a format at a few KB; past this (a pasted novel) show both sides whole.
const MAX_CELLS = 4_000_000;

/** Longest common subsequence over tokens; adjacent segments of the same kind are merged. */
export function diffTokens(before: string, after: string): DiffSegment[] {
  const a = splitDiffTokens(before);
  const b = splitDiffTokens(after);
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...(before ? [{ op: 'removed' as const, text: before }] : []),
      ...(after ? [{ op: 'added' as const, text: after }] : []),
    ];
  }
  // lengths[i][j] = LCS length of a[i..] and b[j..]; formats are at most ~1 KB, so this stays small.
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i][j] =
        a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const segments: DiffSegment[] = [];
  const push = (op: DiffOp, text: string) => {
    const last = segments.at(-1);
    if (last && last.op === op) last.text += text;
    else segments.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]);
      i += 1;
      j += 1;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
      push('removed', a[i]);
      i += 1;
    } else {
      push('added', b[j]);
      j += 1;
    }
  }
  while (i < a.length) push('removed', a[(i += 1) - 1]);
  while (j < b.length) push('added', b[(j += 1) - 1]);
  return segments;
}

/**
 * True when little but punctuation survives from one version to the other: a token diff of two
 * unrelated formats is confetti, and showing both versions whole reads better.
 */
export function isMostlyRewritten(
  segments: readonly DiffSegment[],
  before: string,
  after: string,
): boolean {
  const meaningful = (text: string) => text.replace(/[^A-Za-z0-9$.]/g, '').length;
  const kept = segments
    .filter((s) => s.op === 'same')
    .reduce((sum, s) => sum + meaningful(s.text), 0);
  const longest = Math.max(meaningful(before), meaningful(after));
  return longest > 0 && kept / longest < 0.5;
}
