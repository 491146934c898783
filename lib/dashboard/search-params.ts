/**
 * The dashboard's whole view in the URL: the filter (lib/query/search-params owns its format), plus
 * the table's columns, sort, page and page size, the selected row and the time zone. The server page
 * parses with parseDashboardParams; client controls write through the nuqs parsers below, so both
 * sides read and write the same parameter names and formats.
 */
import {
  createParser,
  parseAsNativeArrayOf,
  parseAsString,
  type inferParserType,
} from 'nuqs/server';
import type { LogFilter, RowPage, RowSort } from '@/lib/query/filter';
import {
  FILTER_PARAM_NAMES,
  filterToSearchParams,
  parseFilterParams,
  parseRowParams,
  rowParamsToSearchParams,
} from '@/lib/query/search-params';
import { columnsToParam, parseColumnsParam, type ColumnId } from './columns';
import { isTimeZone, UTC } from './format';

const RANGE_KEYS = ['range', 'from', 'to'] as const;

/** Condition parameters, each also with a trailing `!` for its exclude form. */
export const CONDITION_KEYS: readonly string[] = FILTER_PARAM_NAMES.filter(
  (name) => !(RANGE_KEYS as readonly string[]).includes(name),
).flatMap((name) => [name, `${name}!`]);

/** Every parameter a filter can set; writing a new filter clears all of them first. */
export const FILTER_KEYS: readonly string[] = [...RANGE_KEYS, ...CONDITION_KEYS];

const conditionParser = parseAsNativeArrayOf(parseAsString);

/** nuqs parsers for the filter keys: repeated keys (`route=a&route=b`) are native arrays. */
export const filterParsers = {
  range: parseAsString,
  from: parseAsString,
  to: parseAsString,
  ...(Object.fromEntries(CONDITION_KEYS.map((key) => [key, conditionParser])) as Record<
    string,
    typeof conditionParser
  >),
};

/** nuqs parsers for the view state around the filter. */
export const viewParsers = {
  cols: parseAsString,
  sort: parseAsString,
  page: parseAsString,
  size: parseAsString,
  row: parseAsString,
  /** The route template whose concrete paths and slowest requests are expanded. */
  drill: parseAsString,
  /** `UTC` or an IANA zone name; absent means UTC. */
  tz: createParser({
    parse: (value: string) => (isTimeZone(value) ? value : null),
    serialize: (value: string) => value,
  }).withDefault(UTC),
};

export type FilterValues = inferParserType<typeof filterParsers>;
export type ViewValues = inferParserType<typeof viewParsers>;

export interface DashboardState {
  filter: LogFilter;
  sort: RowSort;
  page: RowPage;
  columns: ColumnId[];
  /** requestId of the row whose detail panel is open. */
  row: string | null;
  /** `UTC` or an IANA zone name. */
  tz: string;
  /** The route whose drill-down (concrete paths, slowest requests) is open. */
  drill: string | null;
  /** One sentence per malformed parameter; each falls back to its default. */
  problems: string[];
}

/** Next's `searchParams` object as URLSearchParams, repeated keys kept in order. */
export function toSearchParams(
  record: Record<string, string | string[] | undefined>,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params;
}

export function parseDashboardParams(params: URLSearchParams): DashboardState {
  const { filter, problems: filterProblems } = parseFilterParams(params);
  const { sort, page, problems: rowProblems } = parseRowParams(params);
  const { columns, problems: columnProblems } = parseColumnsParam(params.get('cols'));
  const problems = [...filterProblems, ...rowProblems, ...columnProblems];
  const tzRaw = params.get('tz');
  let tz = UTC;
  if (tzRaw !== null && isTimeZone(tzRaw)) tz = tzRaw;
  else if (tzRaw !== null)
    problems.push(
      `tz=${JSON.stringify(tzRaw)}: must be UTC or a time zone name such as Europe/Berlin`,
    );
  const rowRaw = params.get('row');
  const row = rowRaw !== null && rowRaw.trim() !== '' ? rowRaw.trim() : null;
  const drillRaw = params.get('drill');
  const drill = drillRaw !== null && drillRaw !== '' ? drillRaw : null;
  return { filter, sort, page, columns, row, tz, drill, problems };
}

/** The nuqs values that write `filter` to the URL (every filter key, null where unused). */
export function filterToValues(filter: LogFilter): Record<string, string | string[] | null> {
  const values: Record<string, string | string[] | null> = {};
  for (const key of RANGE_KEYS) values[key] = null;
  for (const key of CONDITION_KEYS) values[key] = null;
  const params = filterToSearchParams(filter);
  for (const key of RANGE_KEYS) values[key] = params.get(key);
  for (const [key, value] of params) {
    if ((RANGE_KEYS as readonly string[]).includes(key)) continue;
    const existing = values[key];
    values[key] = Array.isArray(existing) ? [...existing, value] : [value];
  }
  return values;
}

/** The URL query for a whole view, in a stable order: filter, then view state. */
export function dashboardQuery(state: Omit<DashboardState, 'problems'>): URLSearchParams {
  const params = filterToSearchParams(state.filter);
  const cols = columnsToParam(state.columns);
  if (cols !== null) params.set('cols', cols);
  rowParamsToSearchParams(state.sort, state.page, params);
  if (state.tz !== UTC) params.set('tz', state.tz);
  if (state.drill !== null) params.set('drill', state.drill);
  if (state.row !== null) params.set('row', state.row);
  return params;
}

/**
 * A link to the same view with another filter: the table goes back to its first page and the
 * detail panel closes, as both described the old result.
 */
export function hrefWithFilter(state: Omit<DashboardState, 'problems'>, filter: LogFilter): string {
  const query = dashboardQuery({
    ...state,
    filter,
    page: { ...state.page, index: 0 },
    row: null,
    drill: null,
  });
  const text = query.toString();
  return text === '' ? '/' : `/?${text}`;
}

/** A link to the same view with one row's detail panel open. */
export function hrefWithRow(state: Omit<DashboardState, 'problems'>, row: string | null): string {
  const text = dashboardQuery({ ...state, row }).toString();
  return text === '' ? '/' : `/?${text}`;
}
