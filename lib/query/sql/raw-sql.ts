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
import { termPlacements, type PlacementPart, type ValueTest } from './term-placements';

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

/** Printable ASCII other than letters: characters no case mapping produces or changes. */
const CASELESS = /^[\x20-\x40\x5b-\x60\x7b-\x7e]*$/;

/**
 * `expression` as a case-insensitive search for `term` (lower-cased) reads it: lower-cased, or as
 * it is when the term holds no letter at all (an IP, a status, a number), since lower() changes
 * letters only; lower() per value is most of the cost of free text.
 */
export function caseFolded(d: SqlDialect, expression: string, term: string): string {
  return CASELESS.test(term) ? expression : d.lower(expression);
}

/** Every character a UUID is written with (lower-cased, as the term is). */
const UUID_TEXT = /^[0-9a-f-]+$/;

/**
 * A value's rendering as free text tests it: partSql, except for a request id when the term holds
 * a character no UUID is written with, so only ids stored as text can hold it (turning every
 * stored UUID into text was a third of the cost of searching).
 */
function valueSql(d: SqlDialect, part: RenderPart, term: string): string {
  const split = d.requestIdColumns;
  if (part.kind === 'text' && part.field === 'requestId' && split && !UUID_TEXT.test(term)) {
    return `coalesce(${split.text}, '-')`;
  }
  return partSql(d, part);
}

/** Every character an integer (or `-` for missing) is written with. */
const NUMBER_TEXT = /^[-0-9]+$/;
/** Every character of a lower-cased `dd/mmm/yyyy:hh:mm:ss +0000` (or `-`). */
const TIME_TEXT = /^[-0-9a-z/: +]+$/;

/**
 * Free text over a rendered record without rendering it: the ways the term can lie in the text
 * (term-placements.ts: inside the literal text, inside a value, or across parts) as tests on single
 * values, which is exact and several times cheaper than building every record's text. Numbers and
 * times only take pieces written with their few characters, which prunes most ways. A long term
 * over many short parts has too many ways: then the text is built.
 */
function containsSql(
  d: SqlDialect,
  parts: readonly RenderPart[],
  term: string,
  param: string,
  add: (value: string) => string,
) {
  const values: RenderPart[] = [];
  const shape: PlacementPart[] = parts.map((part) => {
    if (part.kind === 'literal') return { literal: part.text.toLowerCase() };
    values.push(part);
    return { value: values.length - 1 };
  });
  const admits = (value: number, text: string) => {
    const part = values[value];
    if (part.kind === 'text') return true;
    return text !== '' && (part.kind === 'requestTime' ? TIME_TEXT : NUMBER_TEXT).test(text);
  };
  const placements = termPlacements(shape, term, admits);
  if (placements === null) return d.contains(caseFolded(d, renderSql(d, parts), term), param);
  if (placements.always) return 'true';
  if (placements.ways.length === 0) return 'false';
  const testSql = ({ test, value, text }: ValueTest) => {
    const expression = caseFolded(d, valueSql(d, values[value], text), text);
    const bound = text === term ? param : add(text);
    if (test === 'contains') return d.contains(expression, bound);
    if (test === 'startsWith') return d.startsWith(expression, bound);
    if (test === 'endsWith') return d.endsWith(expression, bound);
    return `${expression} = ${bound}`;
  };
  return `(${placements.ways.map((way) => `(${way.map(testSql).join(' AND ')})`).join(' OR ')})`;
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
    rawContains: (term, param, add) => {
      const cases = list.map(
        (t) => `WHEN tpl = ${t.id} THEN ${containsSql(d, t.parts, term, param, add)}`,
      );
      return `(CASE WHEN ${stored} IS NOT NULL THEN ${d.contains(caseFolded(d, stored, term), param)} ${cases.join(' ')} END)`;
    },
  };
}
