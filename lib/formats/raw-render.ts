/**
 * A template as a recipe for writing a record back from its canonical fields. The store keeps a
 * record's raw text only when this recipe does not give it back byte for byte (the loader checks
 * every record); otherwise the raw text is rendered when read (lib/query/sql/raw-sql.ts), which
 * spares the store its widest column.
 *
 * Only templates whose every variable fills its own canonical field can be rendered: a variable
 * kept under `extra`, or two variables feeding one field (routeKey and resourcePath), are not.
 * requestTime and requestTimeEpoch may both appear (both are rendered from the stored time; a
 * record where they disagree keeps its raw text).
 */
import { VARIABLE_TO_FIELD } from './canonical-record';
import type { NumberField, TextField } from './record-fields';
import { tokenizeTemplate } from './template-tokens';

export type IntegerField = Exclude<NumberField, 'time'>;

export type RenderPart =
  | { kind: 'literal'; text: string }
  | { kind: 'text'; field: TextField }
  | { kind: 'integer'; field: IntegerField }
  | { kind: 'requestTime' }
  | { kind: 'epoch' };

const INTEGER_FIELDS: ReadonlySet<string> = new Set<IntegerField>([
  'status',
  'bytes',
  'latencyMs',
  'integrationLatencyMs',
]);

/** The parts of `template` in order, or null if records of it cannot be rendered from fields. */
export function renderParts(template: string): RenderPart[] | null {
  const parts: RenderPart[] = [];
  const used = new Set<string>();
  for (const token of tokenizeTemplate(template)) {
    if (token.kind === 'literal') {
      parts.push({ kind: 'literal', text: token.text });
      continue;
    }
    if (token.name === '$context.requestTimeEpoch') {
      parts.push({ kind: 'epoch' });
      continue;
    }
    const field = VARIABLE_TO_FIELD[token.name];
    if (field === undefined) return null;
    if (field === 'time') {
      parts.push({ kind: 'requestTime' });
      continue;
    }
    if (used.has(field)) return null;
    used.add(field);
    parts.push(
      INTEGER_FIELDS.has(field)
        ? { kind: 'integer', field: field as IntegerField }
        : { kind: 'text', field: field as TextField },
    );
  }
  // A record's text ends before the line break that frames it.
  const last = parts[parts.length - 1];
  if (last?.kind === 'literal') {
    const text = last.text.replace(/[\r\n]+$/, '');
    if (text === '') parts.pop();
    else parts[parts.length - 1] = { kind: 'literal', text };
  }
  return parts.some((p) => p.kind !== 'literal') ? parts : null;
}
