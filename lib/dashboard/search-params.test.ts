import { test, expect } from 'vitest';
import { createSerializer } from 'nuqs/server';
import { createFilter } from '@/lib/query/filter';
import { parseFilterParams } from '@/lib/query/search-params';
import {
  CONDITION_KEYS,
  dashboardQuery,
  filterParsers,
  filterToValues,
  hrefWithFilter,
  hrefWithRow,
  parseDashboardParams,
  toSearchParams,
  viewParsers,
} from './search-params';

const hostile = createFilter({
  range: { kind: 'relative', last: '6h' },
  conditions: [
    { field: 'status', values: ['5xx', '404'], exclude: false },
    { field: 'path', match: 'prefix', value: '/prod/<script>&x=1', exclude: true },
    { field: 'path', match: 'contains', value: 'a,b c', exclude: false },
    { field: 'userAgent', value: '"><img src=x onerror=alert(1)>', exclude: false },
    { field: 'latency', min: 100, max: null, exclude: false },
    { field: 'text', value: 'timeout', exclude: true },
    { field: 'text', value: 'second term', exclude: true },
  ],
});

test('a whole view survives URL -> state -> URL', () => {
  const state = {
    filter: hostile,
    sort: { column: 'latencyMs' as const, direction: 'asc' as const },
    page: { index: 3, size: 100 },
    columns: ['time' as const, 'status' as const, 'userAgent' as const],
    row: 'c0ffee-1',
    tz: 'America/New_York',
    drill: '/pets/{petId}',
  };
  const query = dashboardQuery(state);
  const parsed = parseDashboardParams(new URLSearchParams(query.toString()));
  expect(parsed.problems).toEqual([]);
  expect(parsed).toEqual({ ...state, problems: [] });
});

test('defaults leave the URL empty and parse back to the defaults', () => {
  const parsed = parseDashboardParams(new URLSearchParams());
  expect(parsed.problems).toEqual([]);
  expect(parsed.filter.range).toEqual({ kind: 'relative', last: '24h' });
  const { problems: _problems, ...state } = parsed;
  expect(dashboardQuery({ ...state, filter: { ...state.filter, conditions: [] } }).toString()).toBe(
    'range=24h',
  );
});

test('malformed view parameters are each named and fall back', () => {
  const parsed = parseDashboardParams(
    new URLSearchParams('tz=mars&cols=time,bogus&sort=nope.asc&status=999x&range=24h'),
  );
  expect(parsed.tz).toBe('UTC');
  expect(parsed.columns).toEqual(['time']);
  expect(parsed.sort).toEqual({ column: 'time', direction: 'desc' });
  expect(parsed.filter.conditions).toEqual([]);
  expect(parsed.problems).toHaveLength(4);
  expect(parsed.problems.join('\n')).toMatch(/tz="mars"/);
  expect(parsed.problems.join('\n')).toMatch(/"bogus"/);
  expect(parsed.problems.join('\n')).toMatch(/sort="nope.asc"/);
  expect(parsed.problems.join('\n')).toMatch(/status="999x"/);
});

test("Next's searchParams record keeps repeated keys", () => {
  const params = toSearchParams({ q: ['a', 'b'], range: '1h', none: undefined });
  expect(params.getAll('q')).toEqual(['a', 'b']);
  expect(params.get('range')).toBe('1h');
  expect(params.has('none')).toBe(false);
});

test('the nuqs values written for a filter serialise to a URL that parses to the same filter', () => {
  const serialize = createSerializer({ ...filterParsers, ...viewParsers });
  const values = filterToValues(hostile);
  const url = serialize(values);
  const params = new URL(url, 'http://x').searchParams;
  const parsed = parseFilterParams(params);
  expect(parsed.problems).toEqual([]);
  // Condition order may differ (nuqs groups by key); the conditions are ANDed, so compare as sets.
  const sortKey = (c: object) => JSON.stringify(c);
  expect(parsed.filter.range).toEqual(hostile.range);
  expect(parsed.filter.conditions.map(sortKey).sort()).toEqual(
    hostile.conditions.map(sortKey).sort(),
  );
});

test('writing a filter clears every condition key the new filter does not use', () => {
  const values = filterToValues(createFilter({ range: { kind: 'absolute', from: 0, to: 1000 } }));
  for (const key of CONDITION_KEYS) expect(values[key]).toBeNull();
  expect(values.range).toBeNull();
  expect(values.from).toBe('1970-01-01T00:00:00.000Z');
});

test('a link with another filter resets paging and closes the detail panel', () => {
  const base = parseDashboardParams(
    new URLSearchParams('range=1h&page=4&row=abc&cols=time,ip&drill=/x'),
  );
  const next = createFilter({
    range: { kind: 'relative', last: '1h' },
    conditions: [{ field: 'ip', values: ['10.0.0.0/8'], exclude: true }],
  });
  const href = hrefWithFilter(base, next);
  const parsed = parseDashboardParams(new URL(href, 'http://x').searchParams);
  expect(parsed.filter).toEqual(next);
  expect(parsed.page.index).toBe(0);
  expect(parsed.row).toBeNull();
  expect(parsed.drill).toBeNull();
  expect(parsed.columns).toEqual(['time', 'ip']);
  const withRow = parseDashboardParams(new URL(hrefWithRow(base, 'r-9'), 'http://x').searchParams);
  expect(withRow.row).toBe('r-9');
  expect(withRow.page.index).toBe(3);
});
