/**
 * Compiles an API Gateway access-log template into anchored regular expressions.
 *
 * Strategy (API Gateway writes values raw, so a value can contain any literal of the template):
 * - One regex per template, applied sticky (`y`) where the previous record ended: that both frames
 *   glued records (`}{`, `</request><request`, CLF runs) and parses them.
 * - The literal text between variables is the anchor. Typed variables (time, numbers, IP, method,
 *   protocol) have exact, bounded sub-patterns; ids and tokens (stage, caller, resource path) hold
 *   no blanks or quotes. Free text (user agent, messages, path) runs "up to the first occurrence of
 *   the whole following literal", so `"`, `<` or `,` inside a user agent are fine unless the value
 *   contains the full literal (`", "status":"`). One way to match each character: linear.
 * - A record must end at a record boundary: a line break, the end of the object, or the start of
 *   the next record. A record start is the compiled prefix of the template up to something
 *   distinctive (`IP - - [TIME] "`, `{ "requestId":"`), never through free text. A variable at the
 *   very end (glued CLF/CSV) is read lazily up to the first record start; a request id there
 *   prefers an exact UUID or padded-base64 shape, so the next record's IP (even an IPv6 such as
 *   `0000::1` that could start inside the UUID) is never swallowed. Where the data itself is
 *   ambiguous (free text ending in digits glued to an IPv4) the shortest reading wins.
 * - When the strict pass fails because a value holds its own anchor, or when it may have cut a user
 *   agent short (a later free-text value contains the user agent's anchor), lenient-matcher.ts
 *   reads a window that never passes the next line break or record start: user agents and error
 *   messages take the longest reading that lets the rest of the record match, others the shortest.
 * This module turns a template into data (tokens, variable kinds, record starts); regex-sources.ts
 * writes the patterns, matchers.ts builds the regexes and framing.ts runs them.
 */
import { tokenizeTemplate, type TemplateToken } from './template-tokens';
import { NO_ENDS, isFreeText, variablePattern } from './regex-sources';
import {
  TYPED_PATTERNS,
  classifyVariable,
  escapeRegExp,
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
