/**
 * Turns compiled formats into the regexes the scanner runs. Regexes depend on the whole set of
 * formats in play: a record of one format version may be glued to a record of another (a stage
 * changed its format while Firehose was buffering), so "where the next record starts" is the
 * union of every version's start pattern.
 */
import {
  buildAnchorSource,
  buildBodySource,
  buildLooseSource,
  buildTailSource,
  endsWithLazyVariable,
  isFreeText,
  type RecordEnds,
} from './regex-sources';
import type { CompiledFormat } from './template-compiler';
import { TOKEN_EXCLUDED } from './variable-patterns';
import { buildExtractor, type Extractor } from './field-extractor';
import { buildFieldPlan, type FieldPlan } from './record-builder';

export interface Matcher {
  format: CompiledFormat;
  plan: FieldPlan;
  /** Sticky; the record must end at a line break, the end of input or the next record start. */
  strict: RegExp;
  /** The same without capture groups, for test(): the fast path reads values by position. */
  strictTest: RegExp;
  /** Sticky, without the end check (templates ending in a literal or an exact-shape id). */
  loose: RegExp | null;
  /** Sticky strict pattern of the last variable when the template ends with one. */
  tail: RegExp | null;
  /** Checks that a strict match did not cut a free-text value short (two or more such values). */
  ambiguities: Ambiguity[];
  /** Has free-text variables (user agent, path, messages, route key). */
  hasFreeText: boolean;
  /** Finds values after a strict `test` without exec's per-capture strings; null if unsafe. */
  extractor: Extractor | null;
}

/** Variable `index` (free-form) may really end later if a `later` value contains `anchor`. */
export interface Ambiguity {
  index: number;
  anchor: RegExp;
  later: number[];
  /** The anchor is at least this long: a shorter value cannot hold it. */
  minLength: number;
}

export interface MatcherSet {
  matchers: Matcher[];
  /** Global regex finding the next possible record start, or null if no format has one. */
  boundary: RegExp | null;
  /** The same, sticky: does a record start here? */
  startAt: RegExp | null;
}

const cache = new Map<string, MatcherSet>();

export function buildMatcherSet(formats: readonly CompiledFormat[]): MatcherSet {
  const key = formats.map((f) => f.template).join('\u0000');
  const hit = cache.get(key);
  if (hit) return hit;
  const boundarySource = alternatives(formats.map((f) => f.startSource));
  const ends: RecordEnds = {
    full: endAssertion(boundarySource),
    short: endAssertion(alternatives(formats.map((f) => f.shortStartSource))),
  };
  const matchers = formats.map((format): Matcher => {
    const body = buildBodySource(format, ends);
    const strictSource = endsWithLazyVariable(format) ? body : body + ends.short;
    return {
      format,
      plan: buildFieldPlan(format.variables),
      strict: new RegExp(strictSource, 'y'),
      strictTest: new RegExp(withoutCaptures(strictSource), 'y'),
      loose: stickyRegex(buildLooseSource(format)),
      tail: stickyRegex(buildTailSource(format, ends)),
      ambiguities: findAmbiguities(format),
      hasFreeText: format.variables.some(isFreeText),
      extractor: buildExtractor(format),
    };
  });
  const set: MatcherSet = {
    matchers,
    boundary: boundarySource ? new RegExp(boundarySource, 'g') : null,
    startAt: boundarySource ? new RegExp(boundarySource, 'y') : null,
  };
  if (cache.size > 200) cache.clear();
  cache.set(key, set);
  return set;
}

function findAmbiguities(format: CompiledFormat): Ambiguity[] {
  // Later values that could absorb the rest of a cut-short value: free text and tokens.
  const free = format.variables
    .map((v, i) => (isFreeText(v) || v.kind === 'token' ? i : -1))
    .filter((i) => i >= 0);
  return format.variables.flatMap((variable, index) => {
    // A token never holds a blank, quote or angle bracket: if the anchor starts with one (`" 200 `,
    // `","stage":"`), no token can hold it, and checking every record's token would be wasted.
    const tokenSafe = new RegExp(`^[${TOKEN_EXCLUDED}]`).test(variable.next);
    const later = free.filter(
      (j) => j > index && !(tokenSafe && format.variables[j].kind === 'token'),
    );
    if (!variable.prefersLongest || variable.next === '' || later.length === 0) return [];
    const anchor = new RegExp(buildAnchorSource(format, variable));
    return [{ index, anchor, later, minLength: variable.next.length }];
  });
}

/**
 * The regex source with every capture group made non-capturing (same matches: the sources use no
 * backreferences). Recording captures cost irregexp 5-10% on records it only has to find.
 */
export function withoutCaptures(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + source[i + 1];
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else {
      out += c === '(' && source[i + 1] !== '?' ? '(?:' : c;
    }
  }
  return out;
}

function stickyRegex(source: string | null): RegExp | null {
  return source === null ? null : new RegExp(source, 'y');
}

function alternatives(sources: string[]): string {
  return [...new Set(sources.filter((s) => s !== ''))].map((s) => `(?:${s})`).join('|');
}

/** A record ends before optional blanks then a line break, the end of input or a record start. */
function endAssertion(boundary: string): string {
  return `(?=[ \\t]{0,8}(?:[\\r\\n]|$${boundary ? `|${boundary}` : ''}))`;
}
