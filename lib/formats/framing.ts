/**
 * Frames and matches records in one decoded object. Works the same for newline-terminated (LF or
 * CRLF) and glued records: at each position it applies the compiled template as a sticky regex
 * (irregexp beat a hand-written indexOf/charCode scanner by 20-40% here), so a record ends where
 * the template says, not where a delimiter is guessed. Whitespace between records is skipped;
 * everything else ends up in a record or in a reject span.
 *
 * The common case runs in readRun: regex test() (no match array, no capture strings), then
 * field-extractor.ts finds the values and the sink records where they lie. exec(), the lenient
 * matcher and the self-delimited "loose" pass only run where that does not apply.
 */
import { MAX_LENIENT_WINDOW, OBJECT_STEP_BUDGET, matchLenient } from './lenient-matcher';
import { extractFields as importedExtractFields, type Extractor } from './field-extractor';
import type { Matcher, MatcherSet } from './matchers';
import type { FieldPlan } from './record-builder';
import {
  LineBreaks,
  containsLiteralsInOrder,
  execSafely,
  isWhitespace as importedIsWhitespace,
  nextBoundary,
  startMatchEnd,
  testSafely as importedTestSafely,
} from './scan-utils';

// Bound once: a transpiled import is a getter call on every use (tsx, webpack dev builds), a few
// percent of the whole parse for these per-record calls.
const extractFields = importedExtractFields;
const testSafely = importedTestSafely;
const isWhitespace = importedIsWhitespace;

export interface ScanSink {
  /**
   * A record text[start, end) whose variable i (of the plan's template) lies at
   * text[starts[i], ends[i]). With `strictOnly`, the positions are not filled.
   */
  record(start: number, end: number, starts: Int32Array, ends: Int32Array, plan: FieldPlan): void;
  /** A record whose values were captured as strings: values[i + 1] is variable i. */
  recordValues(
    start: number,
    end: number,
    values: ArrayLike<string | undefined>,
    plan: FieldPlan,
  ): void;
  reject(start: number, end: number, reason: string): void;
}

/** Where the values of the record being read lie: variable i is text[starts[i], ends[i]). */
interface ValuePositions {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

export interface ScanOptions {
  /** Detection scores formats on the strict pass only, without reading values. */
  strictOnly?: boolean;
}

/** How many candidate record starts a lenient window may extend over (starts seen inside values). */
const MAX_WINDOW_EXTENSIONS = 3;

interface ScanState {
  lenientBudget: { steps: number };
  text: string;
  set: MatcherSet;
  sink: ScanSink;
  lines: LineBreaks;
  build: boolean;
  strictOnly: boolean;
  /** Per matcher: value positions of the record being read. */
  positions: ValuePositions[];
}

export function scanText(text: string, set: MatcherSet, sink: ScanSink, options: ScanOptions = {}) {
  const state: ScanState = {
    lenientBudget: { steps: OBJECT_STEP_BUDGET },
    text,
    set,
    sink,
    lines: new LineBreaks(text),
    build: !options.strictOnly,
    strictOnly: options.strictOnly ?? false,
    positions: set.matchers.map((m) => ({
      text,
      starts: new Int32Array(m.format.variables.length),
      ends: new Int32Array(m.format.variables.length),
    })),
  };
  const { matchers } = set;
  const length = text.length;
  const fast = state.build && matchers.length > 0 && matchers[0].extractor !== null;
  let position = 0;
  for (;;) {
    if (fast) position = readRun(state, position);
    while (position < length && isWhitespace(text.charCodeAt(position))) position++;
    if (position >= length) return;
    let end = -1;
    for (let i = 0; i < matchers.length && end < 0; i++) {
      end = matchStrict(state, i, position);
    }
    if (end < 0) end = scanFallback(state, position);
    // A zero-length match (a template of only empty-able parts) must not stall the scan.
    position = end > position ? end : position + 1;
  }
}

/**
 * The common case in one tight loop: consecutive records that the first format's strict regex
 * matches and whose values the extractor finds. Returns where it stopped: the end of the text, or
 * a record for the general path (another format, exec(), lenient reading, or a reject).
 */
function readRun(state: ScanState, from: number): number {
  const { text, sink } = state;
  const matcher = state.set.matchers[0];
  const { strictTest: strict, plan, ambiguities } = matcher;
  const extractor = matcher.extractor as Extractor;
  const at = state.positions[0];
  const { starts, ends } = at;
  const length = text.length;
  let position = from;
  for (;;) {
    while (position < length && isWhitespace(text.charCodeAt(position))) position++;
    if (position >= length) return position;
    strict.lastIndex = position;
    if (!testSafely(strict, text)) return position;
    const end = strict.lastIndex;
    if (end <= position || !extractFields(text, position, end, extractor, starts, ends)) {
      return position;
    }
    if (ambiguities.length > 0 && mayBeCutShortAt(at, matcher)) return position;
    sink.record(position, end, starts, ends, plan);
    position = end;
  }
}

function matchStrict(state: ScanState, index: number, start: number): number {
  const matcher = state.set.matchers[index];
  const { strictTest: strict, extractor } = matcher;
  if (extractor !== null || !state.build) {
    strict.lastIndex = start;
    if (!testSafely(strict, state.text)) return -1;
    const end = strict.lastIndex;
    if (!state.build) {
      state.sink.record(
        start,
        end,
        state.positions[index].starts,
        state.positions[index].ends,
        matcher.plan,
      );
      return end;
    }
    const at = state.positions[index];
    if (
      extractor !== null &&
      extractFields(state.text, start, end, extractor, at.starts, at.ends) &&
      !(matcher.ambiguities.length > 0 && mayBeCutShortAt(at, matcher))
    ) {
      state.sink.record(start, end, at.starts, at.ends, matcher.plan);
      return end;
    }
    // Positions that do not add up, or a reading to check: exec() and the slow path below.
  }
  matcher.strict.lastIndex = start;
  let groups: ArrayLike<string | undefined> | null = execSafely(matcher.strict, state.text);
  if (groups === null) return -1;
  const end = matcher.strict.lastIndex;
  if (matcher.ambiguities.length > 0 && state.build && mayBeCutShort(groups, matcher)) {
    // The strict reading ends each value at its first anchor; prefer the longest reading.
    const window = state.text.slice(start, end);
    const longest = matchLenient(window, matcher.format, {
      text: state.text,
      start,
      tail: matcher.tail,
      budget: state.lenientBudget,
    });
    if (longest !== null && longest.length === end - start) groups = longest.values;
  }
  state.sink.recordValues(start, end, groups, matcher.plan);
  return end;
}

function mayBeCutShort(groups: ArrayLike<string | undefined>, matcher: Matcher): boolean {
  for (const { anchor, later, minLength } of matcher.ambiguities) {
    for (const j of later) {
      const value = groups[j + 1];
      if (value !== undefined && value.length >= minLength && anchor.test(value)) return true;
    }
  }
  return false;
}

function mayBeCutShortAt(at: ValuePositions, matcher: Matcher): boolean {
  for (const { anchor, later, minLength } of matcher.ambiguities) {
    for (const j of later) {
      const { starts, ends } = at;
      if (ends[j] - starts[j] < minLength) continue;
      if (anchor.test(at.text.slice(starts[j], ends[j]))) return true;
    }
  }
  return false;
}

function scanFallback(state: ScanState, start: number): number {
  const { text, set } = state;
  const lineEnd = state.lines.next(start);
  // The next record starts after this one's own start (an IPv6 `2a00:…` also matches at `a00:…`).
  const searchFrom = Math.max(start + 1, startMatchEnd(text, start, set.startAt));
  const windowEnd = nextBoundary(text, searchFrom, lineEnd, set.boundary);
  if (!state.strictOnly) {
    const lenientEnd = matchWindows(state, start, windowEnd, lineEnd);
    if (lenientEnd >= 0) return lenientEnd;
    for (const matcher of set.matchers) {
      if (matcher.loose === null) continue;
      matcher.loose.lastIndex = start;
      const groups = execSafely(matcher.loose, text);
      if (groups !== null && matcher.loose.lastIndex <= windowEnd) {
        const end = matcher.loose.lastIndex;
        state.sink.recordValues(start, end, groups, matcher.plan);
        return end;
      }
    }
  }
  let rejectEnd = windowEnd;
  while (rejectEnd > start && isWhitespace(text.charCodeAt(rejectEnd - 1))) rejectEnd--;
  const atEnd = windowEnd >= text.length && !isWhitespace(text.charCodeAt(text.length - 1));
  const reason =
    set.matchers.length === 0
      ? 'no log format known for this object'
      : atEnd
        ? 'incomplete record at end of object'
        : 'does not match the log format';
  state.sink.reject(start, rejectEnd, reason);
  return windowEnd;
}

/** Lenient reading of [start, windowEnd), widened past candidate starts found inside values. */
function matchWindows(state: ScanState, start: number, firstEnd: number, lineEnd: number): number {
  let windowEnd = firstEnd;
  for (let extension = 0; extension <= MAX_WINDOW_EXTENSIONS; extension++) {
    if (windowEnd - start > MAX_LENIENT_WINDOW) break;
    const window = state.text.slice(start, windowEnd);
    for (const matcher of state.set.matchers) {
      if (!containsLiteralsInOrder(window, matcher.format.literals)) continue;
      const match = matchLenient(window, matcher.format, {
        text: state.text,
        start,
        tail: matcher.tail,
        budget: state.lenientBudget,
      });
      if (match !== null) {
        const end = start + match.length;
        state.sink.recordValues(start, end, match.values, matcher.plan);
        return end;
      }
    }
    // Only free text can hold something that looks like the next record's start.
    if (windowEnd >= lineEnd || !state.set.matchers.some((m) => m.hasFreeText)) break;
    windowEnd = nextBoundary(state.text, windowEnd + 1, lineEnd, state.set.boundary);
  }
  return -1;
}
