/**
 * The fallback when the strict regex fails because values contain their own anchors (a quoted user
 * agent with `" ` inside AND a path with spaces), and the arbiter when a strict reading may have
 * cut a user agent short. Matches a template against one window (never beyond the next line break
 * or record start): free-form values (user agent, error messages) take the longest value that
 * still lets the rest of the record match, every other variable the shortest (as the strict regex
 * does). The search is memoised over the positions where each variable's next literal occurs, so
 * its cost is polynomial and, with the step budget, bounded on hostile input (a greedy regex with
 * several free variables backtracks exponentially).
 */
import type { CompiledFormat } from './template-compiler';
import { TOKEN_EXCLUDED, TYPED_PATTERNS, type VariableKind } from './variable-patterns';

/** Windows longer than this are rejected rather than searched. */
export const MAX_LENIENT_WINDOW = 16 * 1024;
/** Search steps for one window; the object-wide budget (WindowContext.budget) caps the total. */
const STEP_BUDGET = 200_000;
/** Search steps for one whole object: hostile input cannot make lenient matching dominate. */
export const OBJECT_STEP_BUDGET = 5_000_000;

const typedCheckers = new Map<VariableKind, RegExp>();

// Ids and tokens never hold blanks: without this a trailing id would swallow the rest of the
// window, and a `-` code next to a user agent could take half of it. Route keys: `GET /pets`.
const LENIENT_PATTERNS: Partial<Record<VariableKind, string>> = {
  ...TYPED_PATTERNS,
  id: `[^${TOKEN_EXCLUDED}]+`,
  token: `[^${TOKEN_EXCLUDED}]*`,
  routeKey: '(?:[A-Z]{1,16} )?\\S*',
};

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

export interface LenientMatch {
  /** values[0] is the record text, values[i + 1] the value of variable i (like a regex match). */
  values: string[];
  /** Record length from the window start. */
  length: number;
}

/** Where the window sits in the object, and the strict pattern that ends a trailing variable. */
export interface WindowContext {
  text: string;
  start: number;
  tail: RegExp | null;
  /** Steps left for the whole object; decremented by every search. */
  budget: { steps: number };
}

/**
 * Reads one record from the start of `window` (the object text from context.start, cut before the
 * next line break or record start). Trailing blanks are ignored. A template ending with a
 * variable ends the record where that variable's strict pattern ends, which may lie past the window
 * (the window was cut at a record start found inside the variable, e.g. an IPv6 inside a UUID).
 */
export function matchLenient(
  window: string,
  format: CompiledFormat,
  context: WindowContext,
): LenientMatch | null {
  const end = window.trimEnd().length;
  if (end > MAX_LENIENT_WINDOW || context.budget.steps <= 0) return null;
  const { parts, variables } = format;
  const values: string[] = new Array<string>(variables.length + 1);
  let recordEnd = end;
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

  const matchTail = (t: number, pos: number): boolean => {
    const tail = context.tail;
    if (tail === null) return false;
    tail.lastIndex = context.start + pos;
    const found = tail.exec(context.text);
    if (found === null) return false;
    values[variableAt[t] + 1] = found[1];
    recordEnd = tail.lastIndex - context.start;
    return true;
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
        if (matchTail(t, pos)) return true;
      } else {
        // Candidate ends: where the next literal occurs, or anywhere if a variable follows.
        const literal = next.kind === 'literal' ? next.text : '';
        const hits = literal === '' ? null : (literalHits.get(literal) ?? []);
        const total = hits === null ? end - pos + 1 : hits.length;
        const longest = variables[variableAt[t]].prefersLongest;
        for (let k = 0; k < total; k++) {
          const index = longest ? total - 1 - k : k;
          const to = hits === null ? pos + index : hits[index];
          if (to < pos) continue;
          const after = hits === null ? t + 1 : t + 2;
          if (valueFits(t, pos, to) && solve(after, to + literal.length)) {
            values[variableAt[t] + 1] = window.slice(pos, to);
            return true;
          }
        }
      }
    }
    failed[key] = 1;
    return false;
  };

  const found = solve(0, 0);
  context.budget.steps -= steps;
  if (!found) return null;
  values[0] = context.text.slice(context.start, context.start + recordEnd);
  return { values, length: recordEnd };
}
