/**
 * Recognises the layout of a format (JSON object, XML element, or delimited like CLF/CSV) so that
 * one-click edits can add a field the way a person would have written it.
 */
import { tokenizeTemplate } from '@/lib/formats/template-tokens';

export type TemplateShape =
  | { kind: 'json' }
  | { kind: 'xml'; rootElement: string }
  | { kind: 'delimited'; delimiter: ' ' | ',' | '\t' };

/** Splits off the one trailing line break a format may end with (kept verbatim by edits). */
export function splitTrailingNewline(template: string): { body: string; newline: string } {
  const newline = /\r?\n$/.exec(template)?.[0] ?? '';
  return { body: template.slice(0, template.length - newline.length), newline };
}

export function detectTemplateShape(template: string): TemplateShape {
  const body = splitTrailingNewline(template).body.trim();
  if (body.startsWith('{') && body.endsWith('}')) return { kind: 'json' };
  const root = /^<([A-Za-z_][\w.-]*)[\s>]/.exec(body)?.[1];
  if (root && body.endsWith(`</${root}>`)) return { kind: 'xml', rootElement: root };
  return { kind: 'delimited', delimiter: detectDelimiter(template) };
}

/** The separator that most often stands between two variables (CSV commas, CLF spaces, tabs). */
function detectDelimiter(template: string): ' ' | ',' | '\t' {
  const counts = { ' ': 0, ',': 0, '\t': 0 };
  const tokens = tokenizeTemplate(template);
  tokens.forEach((token, i) => {
    if (token.kind !== 'literal' || i === 0 || i === tokens.length - 1) return;
    for (const ch of token.text) if (ch === ' ' || ch === ',' || ch === '\t') counts[ch] += 1;
  });
  if (counts[','] > 0 && counts[','] >= counts[' ']) return ',';
  if (counts['\t'] > counts[' ']) return '\t';
  return ' ';
}
