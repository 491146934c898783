/**
 * The raw text of a record as SQL: the stored text, or for records stored without it (records.tpl
 * set, see lib/formats/raw-render.ts) the template rendered from the record's columns. The loader
 * stores a record without its text only after checking that this rendering gives it back byte for
 * byte (lib/server/store/raw-check.ts), so the two must write values alike: missing as `-`,
 * integers in plain decimal, requestTime as `dd/MMM/yyyy:HH:mm:ss +0000`.
 *
 * Template text becomes SQL string literals (quotes doubled): templates come from the store's own
 * `templates` table, written from stage settings, never from a request.
 */
import { renderParts, type RenderPart } from '@/lib/formats/raw-render';
import type { RecordColumn, SqlDialect } from './dialect';

export interface TemplateRow {
  id: number;
  template: string;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function partSql(d: SqlDialect, part: RenderPart): string {
  const time = d.column('time');
  switch (part.kind) {
    case 'literal':
      return literal(part.text);
    case 'text':
      return `coalesce(${d.column(part.field as RecordColumn)}, '-')`;
    case 'integer':
      // latency columns are DOUBLE; the loader only leaves out the text of whole numbers.
      return `coalesce(CAST(CAST(${d.column(part.field as RecordColumn)} AS BIGINT) AS VARCHAR), '-')`;
    case 'requestTime':
      return `strftime(epoch_ms(${time}), '%d/%b/%Y:%H:%M:%S +0000')`;
    default:
      return `CAST(${time} AS VARCHAR)`;
  }
}

interface RenderableTemplate {
  id: number;
  parts: RenderPart[];
}

function renderable(templates: readonly TemplateRow[]): RenderableTemplate[] {
  return templates.flatMap(({ id, template }) => {
    const parts = renderParts(template);
    return parts === null || template.includes('\u0000') ? [] : [{ id: Math.trunc(id), parts }];
  });
}

function renderSql(d: SqlDialect, parts: readonly RenderPart[]): string {
  return `concat(${parts.map((p) => partSql(d, p)).join(', ')})`;
}

/** SQL for a record's raw text, given the store's templates (the plain column when none). */
export function rawTextSql(d: SqlDialect, templates: readonly TemplateRow[]): string {
  const raw = d.column('raw');
  const cases = renderable(templates).map((t) => `WHEN ${t.id} THEN ${renderSql(d, t.parts)}`);
  return cases.length === 0 ? raw : `coalesce(${raw}, CASE tpl ${cases.join(' ')} END)`;
}

/** Every character an integer (or `-` for missing) is written with. */
const NUMBER_TEXT = /^[-0-9]+$/;
/** Every character of a lower-cased `dd/mmm/yyyy:hh:mm:ss +0000` (or `-`). */
const TIME_TEXT = /^[-0-9a-z/: +]+$/;

/**
 * Free text over a rendered record without rendering it, where that gives the same answer: a term
 * holding no character of the template's literal text, in a template with no two values side by
 * side, can only occur inside one value's rendering, so testing each value is enough (and about
 * three times cheaper than building every record's text).
 */
function containsSql(d: SqlDialect, parts: readonly RenderPart[], term: string, param: string) {
  const literalChars = new Set(
    parts.flatMap((part) => (part.kind === 'literal' ? [...part.text.toLowerCase()] : [])),
  );
  const adjacent = parts.some(
    (part, i) => i > 0 && part.kind !== 'literal' && parts[i - 1].kind !== 'literal',
  );
  if (term === '' || adjacent || [...term].some((c) => literalChars.has(c))) {
    return d.contains(d.lower(renderSql(d, parts)), param);
  }
  // Numbers and times are only written with a few characters: a term with others cannot be in them.
  const values = parts.filter(
    (part) =>
      part.kind === 'text' ||
      (part.kind === 'requestTime' ? TIME_TEXT.test(term) : NUMBER_TEXT.test(term)),
  );
  if (values.length === 0) return 'false';
  return `(${values.map((part) => d.contains(d.lower(partSql(d, part)), param)).join(' OR ')})`;
}

/** The dialect with `raw` read as rawTextSql, and free text that knows rendered records. */
export function withRawText(d: SqlDialect, templates: readonly TemplateRow[]): SqlDialect {
  const list = renderable(templates);
  if (list.length === 0) return d;
  const raw = rawTextSql(d, templates);
  const stored = d.column('raw');
  return {
    ...d,
    column: (column) => (column === 'raw' ? raw : d.column(column)),
    rawContains: (term, param) => {
      const cases = list.map(
        (t) => `WHEN tpl = ${t.id} THEN ${containsSql(d, t.parts, term, param)}`,
      );
      return `(CASE WHEN ${stored} IS NOT NULL THEN ${d.contains(d.lower(stored), param)} ${cases.join(' ')} END)`;
    },
  };
}
