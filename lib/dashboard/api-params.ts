/**
 * Parameters of the JSON API and export: the dashboard's own filter, sort and paging parameters
 * (lib/query/search-params), plus a few that only scripts use. Unlike the page, which ignores a
 * malformed parameter and says so, the API refuses the request: a script should not silently get
 * the wrong rows.
 */
import {
  TOP_DIMENSIONS,
  type LogFilter,
  type RowPage,
  type RowSort,
  type TopDimension,
} from '@/lib/query/filter';
import { currentRangeEnd } from '@/lib/query/engine';
import { parseFilterParams, parseRowParams } from '@/lib/query/search-params';
import { resolveTimeRange } from '@/lib/query/time-range';
import { parseColumnsParam, COLUMN_IDS, type ColumnId } from './columns';
import { EXPORT_FORMATS, type ExportFormat } from './export-encoding';

export const DEFAULT_TOP: readonly TopDimension[] = ['route', 'ip', 'status'];
export const MAX_TOP_N = 1000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

function finish<T>(value: T, problems: string[]): Parsed<T> {
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

export function parseRowsQuery(
  params: URLSearchParams,
): Parsed<{ filter: LogFilter; sort: RowSort; page: RowPage }> {
  const { filter, problems } = parseFilterParams(params);
  const rows = parseRowParams(params);
  return finish({ filter, sort: rows.sort, page: rows.page }, [...problems, ...rows.problems]);
}

export function parseAggregatesQuery(
  params: URLSearchParams,
): Parsed<{ filter: LogFilter; top: TopDimension[]; n: number }> {
  const { filter, problems } = parseFilterParams(params);
  let top = [...DEFAULT_TOP];
  const topRaw = params.get('top');
  if (topRaw !== null) {
    const names = topRaw
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    const unknown = names.filter((v) => !(TOP_DIMENSIONS as readonly string[]).includes(v));
    if (unknown.length > 0)
      problems.push(
        `top=${JSON.stringify(topRaw)}: unknown dimension ${unknown.map((u) => JSON.stringify(u)).join(', ')}; dimensions are ${TOP_DIMENSIONS.join(', ')}`,
      );
    else top = [...new Set(names)] as TopDimension[];
  }
  let n = 10;
  const nRaw = params.get('n');
  if (nRaw !== null) {
    const value = Number(nRaw);
    if (!Number.isInteger(value) || value < 1 || value > MAX_TOP_N)
      problems.push(`n=${JSON.stringify(nRaw)}: must be a whole number from 1 to ${MAX_TOP_N}`);
    else n = value;
  }
  return finish({ filter, top, n }, problems);
}

export function parseExportQuery(
  params: URLSearchParams,
): Parsed<{ filter: LogFilter; format: ExportFormat; columns: readonly ColumnId[] }> {
  const { filter, problems } = parseFilterParams(params);
  const formatRaw = params.get('format') ?? 'csv';
  const format = (EXPORT_FORMATS as readonly string[]).includes(formatRaw)
    ? (formatRaw as ExportFormat)
    : null;
  if (format === null)
    problems.push(`format=${JSON.stringify(formatRaw)}: must be ${EXPORT_FORMATS.join(' or ')}`);
  let columns: readonly ColumnId[] = COLUMN_IDS;
  const colsRaw = params.get('cols');
  if (colsRaw !== null) {
    const parsed = parseColumnsParam(colsRaw);
    problems.push(...parsed.problems);
    columns = parsed.columns;
  }
  return finish({ filter, format: format ?? 'csv', columns }, problems);
}

/** The 400 answer for malformed parameters: every problem, in words. */
export function problemsResponse(problems: string[]): Response {
  return Response.json(
    { error: 'invalid parameters', problems },
    { status: 400, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** A resolved range as the API reports it: ISO text for people, epoch ms for programs. */
export function describeRange(range: { from: number; to: number }) {
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    fromMs: range.from,
    toMs: range.to,
  };
}

/**
 * The filter with its range made absolute at `now`, and that range: every query of one API call
 * describes the same interval even when the range is relative.
 */
export function freezeForRequest(
  filter: LogFilter,
  now = Date.now(),
): { filter: LogFilter; range: { from: number; to: number } } {
  const range = resolveTimeRange(filter.range, currentRangeEnd(now));
  return { filter: { ...filter, range: { kind: 'absolute', ...range } }, range };
}

/** Runs a handler body; a failure becomes a JSON 500 with the message instead of an empty page. */
export async function answerJson(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    return Response.json(
      { error: error instanceof Error ? error.message : String(error) },
      { status: 500, headers: { 'Cache-Control': 'no-store' } },
    );
  }
}
