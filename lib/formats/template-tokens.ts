/**
 * Splits an access-log format into literal text and `$context` variables. Both the parser compiler
 * and the renderer (data generator, settings preview) start here, so they agree on what a variable is.
 */
export type TemplateToken = { kind: 'literal'; text: string } | { kind: 'variable'; name: string };

// A variable is `$context.` followed by dot-separated identifier segments; a trailing dot is text.
const VARIABLE = /\$context(?:\.[A-Za-z0-9_]+)+/g;

export function tokenizeTemplate(template: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let last = 0;
  for (const match of template.matchAll(VARIABLE)) {
    const start = match.index;
    if (start > last) tokens.push({ kind: 'literal', text: template.slice(last, start) });
    tokens.push({ kind: 'variable', name: match[0] });
    last = start + match[0].length;
  }
  if (last < template.length) tokens.push({ kind: 'literal', text: template.slice(last) });
  return tokens;
}

export function templateVariables(template: string): string[] {
  return tokenizeTemplate(template)
    .filter((t): t is { kind: 'variable'; name: string } => t.kind === 'variable')
    .map((t) => t.name);
}

/**
 * Renders one record the way API Gateway does: values are inserted raw (no escaping) and a variable
 * without a value becomes `-`.
 */
export function renderTemplate(
  tokens: readonly TemplateToken[],
  values: Readonly<Record<string, string | number | null | undefined>>,
): string {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.text;
    } else {
      const value = values[token.name];
      out += value === null || value === undefined || value === '' ? '-' : String(value);
    }
  }
  return out;
}
