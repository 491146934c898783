/**
 * Regex sources for a compiled template: the record body, its last variable, the reading without
 * an end check, and the anchors that reveal an ambiguous reading. See template-compiler.ts for the
 * strategy; all patterns here are linear or bounded.
 */
import type { CompiledFormat, CompiledVariable } from './template-compiler';
import {
  EDGE_ID_PATTERN,
  EXACT_ID_PATTERN,
  LAZY_ID_PATTERN,
  TOKEN_EXCLUDED,
  TYPED_PATTERNS,
  classifyVariable,
  escapeRegExp,
  textBefore,
} from './variable-patterns';

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

export const NO_ENDS: RecordEnds = { short: '', full: '' };

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
 * Pattern for one variable. `end` is the full record-end assertion: a lazy variable at the end of
 * the template stops at the first place it holds; it also guards the template's final literal.
 */
export function variablePattern(
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
