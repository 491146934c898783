/**
 * URL <-> filter. One parameter per condition; a trailing `!` on the name excludes:
 *
 *   range=1h | from=2024-05-01T10:00:00Z&to=2024-05-01T11:00:00Z
 *   source=a,b  ip=10.0.0.0/8,2001:db8::1  method=GET,POST  status=404,5xx  requestId=id1,id2
 *   route=/pets/{petId}  route.prefix=/pets
 *   path=/prod/pets/1  path.prefix=/prod/  path.contains=pets  path.glob=/prod/*\/photos
 *   latency=100-500 | latency=100- | latency=-500      ua=Mozilla      q=free text
 *   e.g. status!=5xx, path.prefix!=/health
 *
 * List fields take comma-separated values; text fields (route, path, ua, q) take the whole value,
 * commas included, and may repeat (each occurrence is one more ANDed condition).
 * Unknown parameters are left alone: pages keep their own state (columns, sort, row) in the URL.
 */
import type { z } from 'zod';
import {
  conditionSchema,
  DEFAULT_PAGE,
  DEFAULT_SORT,
  SORT_COLUMNS,
  type FilterCondition,
  type LogFilter,
  type RowPage,
  type RowSort,
  type SortColumn,
  MAX_PAGE_SIZE,
} from './filter';
import {
  DEFAULT_RANGE,
  formatInstant,
  parseInstant,
  parseRelativeDuration,
  type TimeRange,
} from './time-range';

type ListField = 'source' | 'ip' | 'method' | 'status' | 'requestId';
type TextParam = { field: 'route' | 'path'; match: string } | { field: 'userAgent' | 'text' };

const LIST_PARAMS: Record<string, ListField> = {
  source: 'source',
  ip: 'ip',
  method: 'method',
  status: 'status',
  requestId: 'requestId',
};

const TEXT_PARAMS: Record<string, TextParam> = {
  route: { field: 'route', match: 'exact' },
  'route.prefix': { field: 'route', match: 'prefix' },
  path: { field: 'path', match: 'exact' },
  'path.prefix': { field: 'path', match: 'prefix' },
  'path.contains': { field: 'path', match: 'contains' },
  'path.glob': { field: 'path', match: 'glob' },
  ua: { field: 'userAgent' },
  q: { field: 'text' },
};

export const FILTER_PARAM_NAMES: readonly string[] = [
  'range',
  'from',
  'to',
  'latency',
  ...Object.keys(LIST_PARAMS),
  ...Object.keys(TEXT_PARAMS),
];

export interface ParsedFilterParams {
  filter: LogFilter;
  /** One sentence per malformed parameter; the parameter is ignored and the rest still applies. */
  problems: string[];
}

function describeIssues(name: string, raw: string, error: z.ZodError): string {
  const first = error.issues[0];
  return `${name}=${JSON.stringify(raw)}: ${first?.message ?? 'is not valid'}`;
}

function parseRange(params: URLSearchParams, problems: string[]): TimeRange {
  const range = params.get('range');
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null || to !== null) {
    if (range !== null) problems.push('use either range or from/to, not both; from/to applies');
    const fromMs = from === null ? null : parseInstant(from);
    const toMs = to === null ? null : parseInstant(to);
    if (from === null || to === null) {
      problems.push(
        `${from === null ? 'from' : 'to'} is missing: an absolute range needs both from and to`,
      );
    } else if (fromMs === null || toMs === null) {
      const bad = fromMs === null ? `from=${JSON.stringify(from)}` : `to=${JSON.stringify(to)}`;
      problems.push(
        `${bad}: must be an ISO 8601 time such as 2024-05-01T10:00:00Z or epoch milliseconds`,
      );
    } else if (fromMs >= toMs) {
      problems.push('from must be before to');
    } else {
      return { kind: 'absolute', from: fromMs, to: toMs };
    }
    return DEFAULT_RANGE;
  }
  if (range === null) return DEFAULT_RANGE;
  if (parseRelativeDuration(range) === null) {
    problems.push(
      `range=${JSON.stringify(range)}: must be a duration such as 15m, 1h, 24h or 7d (at most 90d)`,
    );
    return DEFAULT_RANGE;
  }
  return { kind: 'relative', last: range.trim() };
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function parseLatency(raw: string): { min: number | null; max: number | null } | null {
  const match = /^\s*(\d+(?:\.\d+)?)?\s*-\s*(\d+(?:\.\d+)?)?\s*$/.exec(raw);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return {
    min: match[1] === undefined ? null : Number(match[1]),
    max: match[2] === undefined ? null : Number(match[2]),
  };
}

function candidateFor(name: string, raw: string, exclude: boolean): unknown | string | undefined {
  const list = LIST_PARAMS[name];
  if (list) {
    const items = splitList(raw);
    return {
      field: list,
      values: list === 'method' ? items.map((v) => v.toUpperCase()) : items,
      exclude,
    };
  }
  const textParam = TEXT_PARAMS[name];
  if (textParam) return { ...textParam, value: raw, exclude };
  if (name === 'latency') {
    const bounds = parseLatency(raw);
    if (!bounds)
      return `latency=${JSON.stringify(raw)}: must be min-max in milliseconds, e.g. 100-500, 100- or -500`;
    return { field: 'latency', ...bounds, exclude };
  }
  return undefined;
}

export function parseFilterParams(params: URLSearchParams): ParsedFilterParams {
  const problems: string[] = [];
  const range = parseRange(params, problems);
  const conditions: FilterCondition[] = [];
  for (const [key, raw] of params) {
    const exclude = key.endsWith('!');
    const name = exclude ? key.slice(0, -1) : key;
    if (name === 'range' || name === 'from' || name === 'to') continue;
    const candidate = candidateFor(name, raw, exclude);
    if (candidate === undefined) continue;
    if (typeof candidate === 'string') {
      problems.push(candidate);
      continue;
    }
    const parsed = conditionSchema.safeParse(candidate);
    if (parsed.success) conditions.push(parsed.data);
    else problems.push(describeIssues(key, raw, parsed.error));
  }
  return { filter: { range, conditions }, problems };
}

function conditionToParam(condition: FilterCondition): [string, string] {
  const bang = condition.exclude ? '!' : '';
  switch (condition.field) {
    case 'source':
    case 'ip':
    case 'method':
    case 'status':
    case 'requestId':
      return [condition.field + bang, condition.values.join(',')];
    case 'route':
    case 'path':
      return [
        (condition.match === 'exact' ? condition.field : `${condition.field}.${condition.match}`) +
          bang,
        condition.value,
      ];
    case 'latency':
      return [`latency${bang}`, `${condition.min ?? ''}-${condition.max ?? ''}`];
    case 'userAgent':
      return [`ua${bang}`, condition.value];
    case 'text':
      return [`q${bang}`, condition.value];
  }
}

/** The inverse of parseFilterParams for a valid filter; relative ranges stay relative. */
export function filterToSearchParams(filter: LogFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.range.kind === 'relative') params.set('range', filter.range.last);
  else {
    params.set('from', formatInstant(filter.range.from));
    params.set('to', formatInstant(filter.range.to));
  }
  for (const condition of filter.conditions) params.append(...conditionToParam(condition));
  return params;
}

export interface ParsedRowParams {
  sort: RowSort;
  page: RowPage;
  problems: string[];
}

/** `sort=latencyMs.desc`, `page=2` (1-based), `size=100`. */
export function parseRowParams(params: URLSearchParams): ParsedRowParams {
  const problems: string[] = [];
  let sort = DEFAULT_SORT;
  const sortRaw = params.get('sort');
  if (sortRaw !== null) {
    const [column, direction = 'desc'] = sortRaw.split('.');
    if (
      !(SORT_COLUMNS as readonly string[]).includes(column) ||
      (direction !== 'asc' && direction !== 'desc')
    ) {
      problems.push(
        `sort=${JSON.stringify(sortRaw)}: must be <column>.asc or <column>.desc with column one of ${SORT_COLUMNS.join(', ')}`,
      );
    } else sort = { column: column as SortColumn, direction };
  }
  let page = DEFAULT_PAGE;
  const pageRaw = params.get('page');
  const sizeRaw = params.get('size');
  const index = pageRaw === null ? 1 : Number(pageRaw);
  const size = sizeRaw === null ? DEFAULT_PAGE.size : Number(sizeRaw);
  if (!Number.isInteger(index) || index < 1 || index > 1_000_000)
    problems.push(`page=${JSON.stringify(pageRaw)}: must be a whole number from 1`);
  else if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    problems.push(
      `size=${JSON.stringify(sizeRaw)}: must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
    );
  else page = { index: index - 1, size };
  return { sort, page, problems };
}

export function rowParamsToSearchParams(
  sort: RowSort,
  page: RowPage,
  into = new URLSearchParams(),
): URLSearchParams {
  if (sort.column !== DEFAULT_SORT.column || sort.direction !== DEFAULT_SORT.direction)
    into.set('sort', `${sort.column}.${sort.direction}`);
  if (page.index !== 0) into.set('page', String(page.index + 1));
  if (page.size !== DEFAULT_PAGE.size) into.set('size', String(page.size));
  return into;
}
