/**
 * Compiles an API Gateway access-log template into anchored regular expressions.
 *
 * Strategy (API Gateway writes values raw, so a value can contain any literal of the template):
 * - One regex per template, applied sticky (`y`) at the position where the previous record ended:
 *   that both frames glued records (`}{`, `</request><request`, CLF runs) and parses them.
 * - The literal text between variables is the anchor. Typed variables (time, numbers, IP, method,
 *   protocol) have exact sub-patterns. Free-text variables match "up to the first occurrence of the
 *   whole following literal" (not just its first character), so `"`, `<` or `,` inside a user agent
 *   are fine as long as the value does not contain the full literal (`", "status":"`). This form is
 *   deterministic: one way to match each character, no catastrophic backtracking.
 * - Every record must end at a record boundary: a line break, the end of the object, or the start of
 *   the next record. The start of a record is the compiled prefix of the template (first variables
 *   and literals until it is distinctive, e.g. `IP - - [TIME] "`, `{ "requestId":"`). A variable at
 *   the very end of the template (glued CLF/CSV) is matched lazily, stopping at the first place the
 *   next record can start; a request id there prefers an exact UUID, so the next record's IP is
 *   never swallowed. Where the start of the next record is itself ambiguous (a trailing free-text
 *   value ending in digits glued to an IPv4 address) the shortest reading wins: that ambiguity is in
 *   the data, not the parser.
 * - When that strict pass fails (a value contains its own anchor, e.g. `" ` inside a quoted user
 *   agent), lenient-matcher.ts searches a window that never extends past the next line break or
 *   the next record start, giving each variable the longest value that still lets the rest of the
 *   record match.
 * The result of this module is data (regex sources and a field plan); framing.ts runs them.
 */
import { tokenizeTemplate, type TemplateToken } from './template-tokens';
import {
  EDGE_ID_PATTERN,
  EXACT_ID_PATTERN,
  LAZY_ID_PATTERN,
  TOKEN_EXCLUDED,
  TYPED_PATTERNS,
  classifyVariable,
  escapeRegExp,
  textBefore,
  type VariableKind,
} from './variable-patterns';

export interface CompiledVariable {
  name: string;
  kind: VariableKind;
  /** Literal text right after the variable ('' when another variable or the end follows). */
  next: string;
  /** True for the last token of the template (after trailing whitespace is trimmed). */
  last: boolean;
  partIndex: number;
  /**
   * When a record reads several ways, this value takes the longest reading (user agents and
   * error messages: the most free-form text, with quotes, commas, brackets); others the shortest.
   */
  prefersLongest: boolean;
}

export interface CompiledFormat {
  template: string;
  variables: readonly CompiledVariable[];
  /** Literals in order (anchors for the lenient matcher). */
  literals: readonly string[];
  /** Ends with a non-whitespace literal (JSON `}`, XML `</request>`): self-delimiting. */
  selfDelimited: boolean;
  /** Regex source (no capture groups) matching the start of a record, or '' if none is usable. */
  startSource: string;
  /** Cheaper prefix of startSource, for checks right after an exact value. */
  shortStartSource: string;
  /** Template tokens with leading/trailing whitespace trimmed (records are matched without it). */
  parts: readonly TemplateToken[];
}

// The most free-form values: given a choice, they take the text (see CompiledVariable).
const PREFERS_LONGEST = new Set([
  '$context.identity.userAgent',
  '$context.error.message',
  '$context.error.messageString',
  '$context.integrationErrorMessage',
  '$context.integration.error',
  '$context.authorizer.error',
]);
const MIN_START_LITERAL = 8;
const NO_ENDS: RecordEnds = { short: '', full: '' };
const MAX_START_TOKENS = 10;
const cache = new Map<string, CompiledFormat>();

export function compileTemplate(template: string): CompiledFormat {
  const hit = cache.get(template);
  if (hit) return hit;
  const compiled = compileUncached(template);
  if (cache.size > 500) cache.clear();
  cache.set(template, compiled);
  return compiled;
}

function trimParts(tokens: TemplateToken[]): TemplateToken[] {
  const parts = tokens.slice();
  const first = parts[0];
  if (first?.kind === 'literal') {
    const text = first.text.replace(/^\s+/, '');
    if (text === '') parts.shift();
    else parts[0] = { kind: 'literal', text };
  }
  const lastIndex = parts.length - 1;
  const last = parts[lastIndex];
  if (last?.kind === 'literal') {
    const text = last.text.replace(/\s+$/, '');
    if (text === '') parts.pop();
    else parts[lastIndex] = { kind: 'literal', text };
  }
  return parts;
}

function compileUncached(template: string): CompiledFormat {
  const parts = trimParts(tokenizeTemplate(template));
  const variables: CompiledVariable[] = [];
  const literals: string[] = [];
  parts.forEach((token, index) => {
    if (token.kind === 'literal') {
      literals.push(token.text);
      return;
    }
    const following = parts[index + 1];
    variables.push({
      name: token.name,
      kind: classifyVariable(token.name),
      next: following?.kind === 'literal' ? following.text : '',
      last: index === parts.length - 1,
      partIndex: index,
      prefersLongest: PREFERS_LONGEST.has(token.name),
    });
  });
  const lastPart = parts[parts.length - 1];
  const compiled: CompiledFormat = {
    template,
    variables,
    literals,
    selfDelimited: lastPart?.kind === 'literal',
    startSource: '',
    shortStartSource: '',
    parts,
  };
  const starts = buildStartSources(compiled);
  compiled.startSource = starts.full;
  compiled.shortStartSource = starts.short;
  return compiled;
}

/**
 * Pattern for one variable. `end` is the full record-end assertion: a lazy variable at the end of
 * the template stops at the first place it holds; it also guards the template's final literal.
 */
function variablePattern(
  variable: CompiledVariable,
  finalLiteral: boolean,
  ends: RecordEnds,
): string {
  const typed = TYPED_PATTERNS[variable.kind];
  if (typed !== undefined) return typed;
  if (variable.next === '') {
    const lazy = variable.kind === 'token' ? `[^${TOKEN_EXCLUDED}]*?` : '[^\\r\\n]*?';
    if (!variable.last || ends.full === '') {
      return variable.kind === 'id' ? `${EDGE_ID_PATTERN}|-` : lazy;
    }
    // Exact id shapes end the record by themselves; only the fallback needs the full start check.
    return variable.kind === 'id'
      ? `(?:${EXACT_ID_PATTERN})${ends.short}|(?:${LAZY_ID_PATTERN}|-)${ends.full}`
      : `${lazy}${ends.full}`;
  }
  const tokenLike = variable.kind === 'token' || variable.kind === 'id';
  const text = textBefore(
    variable.next,
    finalLiteral ? ends.full : '',
    tokenLike ? TOKEN_EXCLUDED : '',
  );
  // HTTP-API route keys hold a space (`GET /pets`) even where the template separates by spaces.
  return variable.kind === 'routeKey' ? `(?:[A-Z]{1,16} )?${text}` : text;
}

/** A lazy last variable carries its own end check (see variablePattern). */
export function endsWithLazyVariable(format: CompiledFormat): boolean {
  const last = format.variables[format.variables.length - 1];
  return (
    last !== undefined && last.last && last.next === '' && TYPED_PATTERNS[last.kind] === undefined
  );
}

/**
 * The strict pattern of a last variable (nothing after it), one capture, ending with the record-end
 * check; null when the template ends with a literal. The lenient matcher ends records with it, so
 * a glued UUID is never cut where the next record's IPv6 (`0000::1`) could also start.
 */
export function buildTailSource(format: CompiledFormat, ends: RecordEnds): string | null {
  const last = format.variables[format.variables.length - 1];
  if (last === undefined || !last.last) return null;
  const pattern = `(${variablePattern(last, false, ends)})`;
  return endsWithLazyVariable(format) ? pattern : pattern + ends.short;
}

/** Free text (user agents, messages, paths, route keys): values may hold any literal. */
export function isFreeText(variable: CompiledVariable): boolean {
  return variable.kind === 'text' || variable.kind === 'routeKey';
}

/**
 * Where a longest-preferring value could end instead of at its strict (first) end: its following literal,
 * extended through a typed variable and the literal after it when there is one (` HTTP/1.1" `).
 * If a later free-text value contains this, the strict reading may have cut the value short.
 */
export function buildAnchorSource(format: CompiledFormat, variable: CompiledVariable): string {
  let source = escapeRegExp(variable.next);
  const after = format.parts[variable.partIndex + 2];
  if (after?.kind === 'variable') {
    const typed = TYPED_PATTERNS[classifyVariable(after.name)];
    const literal = format.parts[variable.partIndex + 3];
    if (typed !== undefined && literal?.kind === 'literal') {
      source += `(?:${typed})${escapeRegExp(literal.text)}`;
    }
  }
  return source;
}

/**
 * The record without its end check, for a record followed by garbage on the same line: possible
 * when the template ends with a literal or with an id of exact shape (UUID, padded base64).
 */
export function buildLooseSource(format: CompiledFormat): string | null {
  const last = format.variables[format.variables.length - 1];
  if (format.selfDelimited || last === undefined) return buildBodySource(format, NO_ENDS);
  if (!last.last || last.kind !== 'id') return null;
  const body = buildBodySource({ ...format, parts: format.parts.slice(0, -1) }, NO_ENDS);
  return `${body}(${EXACT_ID_PATTERN})`;
}

/**
 * Record-end assertions (lookaheads): `full` checks that a whole record start follows, `short`
 * only its first token (enough after an exact value such as a UUID, and much cheaper).
 */
export interface RecordEnds {
  short: string;
  full: string;
}

/** The record body, one capture group per variable (without the final end check). */
export function buildBodySource(format: CompiledFormat, ends: RecordEnds): string {
  let source = '';
  let variableIndex = 0;
  const { parts } = format;
  parts.forEach((token, index) => {
    if (token.kind === 'literal') {
      source += escapeRegExp(token.text);
      return;
    }
    const variable = format.variables[variableIndex];
    const finalLiteral = index === parts.length - 2 && variable.next !== '';
    source += `(${variablePattern(variable, finalLiteral, ends)})`;
    variableIndex++;
  });
  return source;
}

/**
 * The distinctive prefix of a record: tokens from the start until at least MIN_START_LITERAL literal
 * characters or a request time have been covered. Stops before a variable with no literal after it
 * (its lazy pattern would match anywhere). '' when the template has no usable start (then records
 * can only be separated by line breaks). `short` stops at the first literal when only typed
 * variables precede it (`IP `, `IP,`, `{ "requestId":"`).
 */
function buildStartSources(format: CompiledFormat): { full: string; short: string } {
  let source = '';
  let short = '';
  let literalChars = 0;
  let anchored = false;
  let onlyTyped = true;
  let variableIndex = 0;
  const { parts } = format;
  for (let index = 0; index < parts.length && index < MAX_START_TOKENS; index++) {
    const token = parts[index];
    if (token.kind === 'literal') {
      source += escapeRegExp(token.text);
      literalChars += token.text.replace(/\s/g, '').length;
      if (short === '' && onlyTyped && variableIndex > 0) short = source;
      if (literalChars >= MIN_START_LITERAL || (anchored && literalChars > 0)) break;
      continue;
    }
    const variable = format.variables[variableIndex++];
    // Free text may hold its own anchor: a start pattern through it would miss real starts.
    if (variable.next === '' || isFreeText(variable)) break;
    source += `(?:${variablePattern(variable, false, NO_ENDS)})`;
    if (variable.kind === 'time') anchored = true;
    if (TYPED_PATTERNS[variable.kind] === undefined) onlyTyped = false;
  }
  const typedVariables = format.variables
    .slice(0, variableIndex)
    .some((v) => TYPED_PATTERNS[v.kind] !== undefined);
  const full = literalChars > 0 || typedVariables ? source : '';
  return { full, short: full === '' ? '' : short || full };
}
