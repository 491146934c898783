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

/** SQL for a record's raw text, given the store's templates (the plain column when none). */
export function rawTextSql(d: SqlDialect, templates: readonly TemplateRow[]): string {
  const raw = d.column('raw');
  const cases = templates.flatMap(({ id, template }) => {
    const parts = renderParts(template);
    if (parts === null || template.includes('\u0000')) return [];
    return [`WHEN ${Math.trunc(id)} THEN concat(${parts.map((p) => partSql(d, p)).join(', ')})`];
  });
  return cases.length === 0 ? raw : `coalesce(${raw}, CASE tpl ${cases.join(' ')} END)`;
}

/** The dialect with `raw` read as rawTextSql. */
export function withRawText(d: SqlDialect, templates: readonly TemplateRow[]): SqlDialect {
  const raw = rawTextSql(d, templates);
  if (raw === d.column('raw')) return d;
  return { ...d, column: (column) => (column === 'raw' ? raw : d.column(column)) };
}
