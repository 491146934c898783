import { test, expect } from 'vitest';
import type { LogRow } from '@/lib/query/results';
import {
  COLUMN_IDS,
  columnsToParam,
  conditionForValue,
  DEFAULT_COLUMNS,
  parseColumnsParam,
  sortColumnOf,
  toggleColumn,
} from './columns';

test('column lists round-trip through the cols parameter; the default is no parameter', () => {
  expect(columnsToParam(DEFAULT_COLUMNS)).toBeNull();
  expect(parseColumnsParam(null).columns).toEqual(DEFAULT_COLUMNS);
  const chosen = ['time', 'route', 'requestId'] as const;
  expect(parseColumnsParam(columnsToParam(chosen)).columns).toEqual(chosen);
});

test('unknown and duplicate column names are dropped with a message; nothing left means default', () => {
  const parsed = parseColumnsParam('time,time,evil<script>');
  expect(parsed.columns).toEqual(['time']);
  expect(parsed.problems[0]).toContain('"evil<script>"');
  expect(parseColumnsParam('nope').columns).toEqual(DEFAULT_COLUMNS);
});

test('toggling keeps the canonical order', () => {
  expect(toggleColumn(['time', 'path'], 'status')).toEqual(['time', 'status', 'path']);
  expect(toggleColumn(['time', 'status', 'path'], 'status')).toEqual(['time', 'path']);
});

test('only server-sortable columns sort', () => {
  expect(sortColumnOf('latencyMs')).toBe('latencyMs');
  expect(sortColumnOf('errorMessage')).toBeNull();
  expect(COLUMN_IDS.filter((c) => sortColumnOf(c) !== null).length).toBeGreaterThan(8);
});

const row = {
  ip: '2001:db8::1',
  method: 'GET',
  status: 502,
  path: '/prod/<img src=x onerror=alert(1)>',
  userAgent: 'Mozilla, "quoted"',
  requestId: 'a,b',
  time: 1,
  bytes: null,
} as unknown as LogRow;

test('clicked values become valid filter conditions', () => {
  expect(conditionForValue('ip', row, false)).toEqual({
    field: 'ip',
    values: ['2001:db8::1'],
    exclude: false,
  });
  expect(conditionForValue('status', row, true)).toEqual({
    field: 'status',
    values: ['502'],
    exclude: true,
  });
  expect(conditionForValue('path', row, false)).toEqual({
    field: 'path',
    match: 'exact',
    value: '/prod/<img src=x onerror=alert(1)>',
    exclude: false,
  });
  expect(conditionForValue('userAgent', row, false)?.field).toBe('userAgent');
});

test('values that cannot be a filter give none', () => {
  expect(conditionForValue('time', row, false)).toBeNull();
  expect(conditionForValue('bytes', row, false)).toBeNull();
  // A request id with a comma would split into two ids in the URL.
  expect(conditionForValue('requestId', row, false)).toBeNull();
});
