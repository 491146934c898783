/**
 * The fallback when the strict regex fails because values contain their own anchors (a quoted user
 * agent with `" ` inside AND a path with spaces). Matches a template against one window (never
 * beyond the next line break or record start) with leftmost-longest semantics: each variable takes
 * the longest value that still lets the rest of the record match, like a greedy regex, but by
 * memoised search over the positions where the next literal occurs. That keeps the cost polynomial
 * and, with the step budget, bounded on hostile input (a greedy regex with several free variables
 * backtracks exponentially).
 */
import type { CompiledFormat } from './template-compiler';
import { TYPED_PATTERNS, type VariableKind } from './variable-patterns';

/** Windows longer than this are rejected rather than searched. */
export const MAX_LENIENT_WINDOW = 16 * 1024;
const STEP_BUDGET = 200_000;

const typedCheckers = new Map<VariableKind, RegExp>();

// Request ids never hold blanks: without this a trailing id would swallow the rest of the window.
const LENIENT_PATTERNS: Partial<Record<VariableKind, string>> = { ...TYPED_PATTERNS, id: '\\S+' };

function typedChecker(kind: VariableKind): RegExp | null {
  const pattern = LENIENT_PATTERNS[kind];
  if (pattern === undefined) return null;
  let checker = typedCheckers.get(kind);
  if (!checker) {
    checker = new RegExp(`^(?:${pattern})$`);
    typedCheckers.set(kind, checker);
  }
  return checker;
}

/** Where each literal occurs in the window (ascending), computed once per window. */
function occurrences(window: string, literal: string): number[] {
  const found: number[] = [];
  for (let at = window.indexOf(literal); at >= 0; at = window.indexOf(literal, at + 1)) {
    found.push(at);
  }
  return found;
}

/**
 * Values (index i+1 for variable i, like a regex match) or null. The window must already be cut at
 * the record's end; trailing blanks are ignored.
 */
export function matchLenient(window: string, format: CompiledFormat): string[] | null {
  const end = window.trimEnd().length;
  if (end > MAX_LENIENT_WINDOW) return null;
  const { parts, variables } = format;
  const values: string[] = new Array<string>(variables.length + 1);
  values[0] = window.slice(0, end);
  const literalHits = new Map<string, number[]>();
  for (const literal of format.literals) {
    if (!literalHits.has(literal)) literalHits.set(literal, occurrences(window, literal));
  }
  // failed[t * (end + 1) + pos] = 1 once tokens t.. are known not to match from pos.
  const failed = new Uint8Array((parts.length + 1) * (end + 1));
  const variableAt = new Int32Array(parts.length);
  let count = 0;
  parts.forEach((token, t) => {
    variableAt[t] = token.kind === 'variable' ? count++ : -1;
  });
  let steps = 0;

  const valueFits = (t: number, from: number, to: number): boolean => {
    const checker = typedChecker(variables[variableAt[t]].kind);
    return checker === null || checker.test(window.slice(from, to));
  };

  const solve = (t: number, pos: number): boolean => {
    if (t === parts.length) return pos === end;
    const key = t * (end + 1) + pos;
    if (failed[key] === 1 || ++steps > STEP_BUDGET) return false;
    const token = parts[t];
    if (token.kind === 'literal') {
      if (window.startsWith(token.text, pos) && solve(t + 1, pos + token.text.length)) return true;
    } else {
      const next = parts[t + 1];
      if (next === undefined) {
        if (valueFits(t, pos, end)) {
          values[variableAt[t] + 1] = window.slice(pos, end);
          return true;
        }
      } else if (next.kind === 'literal') {
        const hits = literalHits.get(next.text) ?? [];
        for (let h = hits.length - 1; h >= 0 && hits[h] >= pos; h--) {
          const to = hits[h];
          if (valueFits(t, pos, to) && solve(t + 2, to + next.text.length)) {
            values[variableAt[t] + 1] = window.slice(pos, to);
            return true;
          }
        }
      } else {
        for (let to = end; to >= pos; to--) {
          if (valueFits(t, pos, to) && solve(t + 1, to)) {
            values[variableAt[t] + 1] = window.slice(pos, to);
            return true;
          }
        }
      }
    }
    failed[key] = 1;
    return false;
  };

  return solve(0, 0) ? values : null;
}
