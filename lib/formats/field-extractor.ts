/**
 * Where each value of a record lies, once the strict regex has matched it (with `test`, not
 * `exec`). exec() builds an array and a string per capture for every record; most of them die at
 * once while the records they are interleaved with survive, and that mix made garbage collection
 * 35-40% of the parse. Here the values are located with indexOf and short char-class scans and
 * only the strings a record keeps are ever created.
 *
 * This is only valid where the reading is unique, so that it is exactly the regex's: a value that
 * runs to the first occurrence of its following literal (free text, and tokens, which can hold
 * neither that literal nor a blank), a typed value whose following literal starts with a char the
 * type never holds, a time (always 26 chars or `-`), the value before the final literal, and the
 * last variable (up to where the match ended). field-extractor.test.ts checks this against exec()
 * on hostile values. The one choice point is an HTTP-API route key's optional method prefix
 * (`GET /pets`): the regex takes it unless the rest of the record then fails, so when the value
 * could end inside the prefix both readings are checked for consistency, and if both pass, the
 * record is left to exec(). Templates with a variable right after another, or with a typed value
 * followed by a char of its own type, have no extractor (they always use exec()).
 */
import type { CompiledFormat, CompiledVariable } from './template-compiler';
import { TYPED_PATTERNS } from './variable-patterns';

/** How a value's end is found (see the module comment). */
const enum Find {
  /** `-` or exactly 26 chars. */
  Time,
  /** Run of the type's chars; the following literal starts with another char. */
  Scan,
  /** First occurrence of the following literal's first char. */
  Char,
  /** First occurrence of the whole following literal. */
  Literal,
  /** Right before the template's final literal, at the end of the match. */
  BeforeFinal,
  /** Up to the end of the match (last variable). */
  ToEnd,
  /** Optional `METHOD ` prefix, then first occurrence of the following literal. */
  RouteKey,
}

interface Step {
  find: Find;
  /** Literal after the variable ('' for ToEnd). */
  literal: string;
  /** Its first char ('' for ToEnd), and that char's code (NaN for ToEnd). */
  head: string;
  headCode: number;
  /** Scan: 1 for every char code (0-255) the typed value may hold. */
  chars: Uint8Array | null;
  /** A token or id: holds no blank, quote or angle bracket (checked when readings compete). */
  token: boolean;
}

export interface Extractor {
  /** Length of the literal before the first variable. */
  lead: number;
  steps: readonly Step[];
  /** Scratch positions for checking the other reading of a route key. */
  otherStarts: Int32Array;
  otherEnds: Int32Array;
}

function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Every char each typed pattern (variable-patterns.ts) can match, `-` (missing) included. */
const TYPED_CHARS: Readonly<Partial<Record<CompiledVariable['kind'], Uint8Array>>> = {
  number: charTable(`${DIGITS}.-`),
  ip: charTable(`${DIGITS}${LETTERS}.:-`),
  method: charTable(`${LETTERS}-`),
  protocol: charTable(`${DIGITS}${LETTERS}/.-`),
};
/** Chars a token or id never holds in latin1 text (TOKEN_EXCLUDED in variable-patterns.ts). */
const TOKEN_STOP = charTable(' \t\n\v\f\r\xa0"<>');

/**
 * A sequential copy of a string: template literals are slices of the template, and V8 searches
 * for a sliced string several times slower (indexOf, startsWith) than for a flat one.
 */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

function step(find: Find, literal: string, chars: Uint8Array | null = null): Step {
  const head = flat(literal.slice(0, 1));
  return {
    find,
    literal: flat(literal),
    head,
    headCode: literal.charCodeAt(0),
    chars,
    token: false,
  };
}

function stepFor(variable: CompiledVariable, finalLiteral: boolean): Step | null {
  const found = findStep(variable, finalLiteral);
  if (found !== null) found.token = variable.kind === 'token' || variable.kind === 'id';
  return found;
}

function findStep(variable: CompiledVariable, finalLiteral: boolean): Step | null {
  const literal = variable.next;
  if (literal === '') return variable.last ? step(Find.ToEnd, literal) : null;
  if (finalLiteral) return step(Find.BeforeFinal, literal);
  const head = literal.charCodeAt(0);
  const { kind } = variable;
  if (kind === 'time') return step(Find.Time, literal);
  if (TYPED_PATTERNS[kind] !== undefined) {
    const chars = TYPED_CHARS[kind];
    if (chars === undefined || head > 255 || chars[head] === 1) return null;
    return step(Find.Scan, literal, chars);
  }
  if (kind === 'routeKey') return step(Find.RouteKey, literal);
  if (kind === 'token' || kind === 'id') {
    // The token pattern excludes the literal's first char unless the literal is longer and that
    // char is allowed in tokens (`::`): then only the whole literal ends the value.
    const excluded = literal.length === 1 || (head <= 255 && TOKEN_STOP[head] === 1);
    return step(excluded ? Find.Char : Find.Literal, literal);
  }
  return step(Find.Literal, literal);
}

/** The extractor for a template, or null when some value's position cannot be found this way. */
export function buildExtractor(format: CompiledFormat): Extractor | null {
  const { parts, variables } = format;
  if (variables.length === 0) return null;
  if (variables.filter((v) => v.kind === 'routeKey').length > 1) return null;
  const first = parts[0];
  const lead = first.kind === 'literal' ? first.text.length : 0;
  const steps: Step[] = [];
  for (const variable of variables) {
    const finalLiteral = variable.partIndex === parts.length - 2 && variable.next !== '';
    const step = stepFor(variable, finalLiteral);
    if (step === null) return null;
    steps.push(step);
  }
  const otherStarts = new Int32Array(steps.length);
  return { lead, steps, otherStarts, otherEnds: new Int32Array(steps.length) };
}

/**
 * First occurrence of the step's head char from `pos`. Many values are `-` or short codes, for
 * which a few inline compares beat the call into indexOf.
 */
function findChar(text: string, step: Step, pos: number): number {
  const head = step.headCode;
  for (let e = pos; e < pos + 4; e++) {
    const c = text.charCodeAt(e);
    if (c === head) return e;
    if (Number.isNaN(c)) return -1; // past the end
  }
  return text.indexOf(step.head, pos + 4);
}

function routeKeyEnd(text: string, start: number, literal: string): number {
  let k = start;
  while (k < start + 16) {
    const c = text.charCodeAt(k);
    if (c < 65 || c > 90) break;
    k++;
  }
  return k > start && text.charCodeAt(k) === 32 ? text.indexOf(literal, k + 1) : -1;
}

function holdsTokenStop(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c <= 255 && TOKEN_STOP[c] === 1) return true;
  }
  return false;
}

/**
 * Fills starts/ends (one entry per variable) for the record text[start, end) that the strict
 * regex matched. Given that match, every rule but the route key's finds exactly the regex's
 * reading, so nothing is re-checked; returns false only for a route key read both ways (the
 * caller then uses exec()).
 */
export function extractFields(
  text: string,
  start: number,
  end: number,
  extractor: Extractor,
  starts: Int32Array,
  ends: Int32Array,
): boolean {
  const { steps } = extractor;
  let pos = start + extractor.lead;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    let e: number;
    switch (step.find) {
      case Find.Time:
        e = text.charCodeAt(pos) === 45 ? pos + 1 : pos + 26;
        break;
      case Find.Scan: {
        const chars = step.chars as Uint8Array;
        e = pos;
        while (e < end && chars[text.charCodeAt(e)] === 1) e++;
        break;
      }
      case Find.Char:
        e = findChar(text, step, pos);
        break;
      case Find.Literal:
        e = text.indexOf(step.literal, pos);
        break;
      case Find.BeforeFinal:
        e = end - step.literal.length;
        break;
      case Find.ToEnd:
        e = end;
        break;
      default: {
        // A route key's method prefix only matters if the value could end inside it.
        const plain = text.indexOf(step.literal, pos);
        const prefixed = routeKeyEnd(text, pos, step.literal);
        if (prefixed >= 0 && plain < prefixed) {
          // The regex takes the prefix unless that reading fails: if the other one cannot hold,
          // the prefix reading it is; otherwise check both.
          const { otherStarts, otherEnds } = extractor;
          // Values before the route key lie alike in both readings: read on from here.
          if (readsConsistently(text, i, pos, end, extractor, otherStarts, otherEnds, false)) {
            return chooseReading(text, i, pos, end, extractor, starts, ends);
          }
        }
        e = prefixed >= 0 ? prefixed : plain;
      }
    }
    starts[i] = pos;
    ends[i] = e;
    pos = e + step.literal.length;
  }
  return true;
}

/**
 * A route key whose following literal also occurs inside its method prefix (`GET /pets HTTP/1.1`,
 * a space after the route key), in a record that also reads without the prefix (that reading is
 * in extractor.otherStarts/otherEnds). If the prefix reading reads too, positions cannot tell
 * which one the regex took (that depends on typed values): false, exec() decides. Otherwise the
 * regex's reading is the other one.
 */
function chooseReading(
  text: string,
  fromStep: number,
  from: number,
  end: number,
  extractor: Extractor,
  starts: Int32Array,
  ends: Int32Array,
): boolean {
  if (readsConsistently(text, fromStep, from, end, extractor, starts, ends, true)) return false;
  starts.set(extractor.otherStarts.subarray(fromStep), fromStep);
  ends.set(extractor.otherEnds.subarray(fromStep), fromStep);
  return true;
}

/**
 * Reads the record from step `fromStep` at `from` (the route key) with or without the route
 * key's method prefix, checking what the regex's own
 * reading always satisfies: each literal's first char is there, tokens hold no blank, quote or
 * angle bracket, and the record ends where the match did.
 */
function readsConsistently(
  text: string,
  fromStep: number,
  from: number,
  end: number,
  extractor: Extractor,
  starts: Int32Array,
  ends: Int32Array,
  prefix: boolean,
): boolean {
  const { steps } = extractor;
  let pos = from;
  for (let i = fromStep; i < steps.length; i++) {
    const step = steps[i];
    const literal = step.literal;
    let e: number;
    switch (step.find) {
      case Find.Time:
        e = text.charCodeAt(pos) === 45 ? pos + 1 : pos + 26;
        break;
      case Find.Scan: {
        const chars = step.chars as Uint8Array;
        e = pos;
        while (e < end && chars[text.charCodeAt(e)] === 1) e++;
        break;
      }
      case Find.Char:
        e = findChar(text, step, pos);
        break;
      case Find.Literal:
        e = text.indexOf(literal, pos);
        break;
      case Find.BeforeFinal:
        e = end - literal.length;
        break;
      case Find.ToEnd:
        e = end;
        break;
      default: {
        const prefixed = prefix ? routeKeyEnd(text, pos, literal) : -1;
        e = prefixed >= 0 ? prefixed : text.indexOf(literal, pos);
      }
    }
    if (e < pos || e + literal.length > end) return false;
    if (literal !== '' && text.charCodeAt(e) !== literal.charCodeAt(0)) return false;
    if (step.token && holdsTokenStop(text, pos, e)) return false;
    starts[i] = pos;
    ends[i] = e;
    pos = e + literal.length;
  }
  return pos === end;
}
