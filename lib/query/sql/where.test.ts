import { expect, test } from 'vitest';
import type { FilterCondition, LogFilter } from '../filter';
import { duckdbDialect, ParamList } from './dialect';
import { buildRowsQuery, buildTopQuery } from './queries';
import { buildWhere, globToLike } from './where';

const range = { from: 1000, to: 2000 };
const filterOf = (...conditions: FilterCondition[]): LogFilter => ({
  range: { kind: 'absolute', ...range },
  conditions,
});

test("globs become LIKE patterns with LIKE's own wildcards escaped", () => {
  expect(globToLike('/prod/*/photos?')).toBe('/prod/%/photos_');
  expect(globToLike('100%_done\\')).toBe('100\\%\\_done\\\\');
});

test('user values only ever appear as bound parameters', () => {
  const hostile = 'x\'); DROP TABLE records; --%_\\"';
  const conditions: FilterCondition[] = [
    { field: 'path', match: 'glob', value: hostile, exclude: false },
    { field: 'path', match: 'contains', value: hostile, exclude: true },
    { field: 'route', match: 'prefix', value: hostile, exclude: false },
    { field: 'userAgent', value: hostile, exclude: false },
    { field: 'text', value: hostile, exclude: false },
    { field: 'requestId', values: [hostile.replaceAll(',', '')], exclude: false },
    { field: 'source', values: [hostile.replaceAll(',', '')], exclude: false },
  ];
  const p = new ParamList(duckdbDialect);
  const sql = buildWhere(filterOf(...conditions), range, p, duckdbDialect);
  expect(sql).not.toContain('DROP');
  expect(sql).not.toContain("'); ");
  expect(sql).toMatch(/^time_ms >= \$1 AND time_ms < \$2 AND /);
  expect(p.params.map((x) => x.value)).toContain(hostile);
  expect(p.params.map((x) => x.value)).toContain(hostile.toLowerCase());
  for (const q of [
    buildRowsQuery(
      duckdbDialect,
      filterOf(...conditions),
      range,
      { column: 'path', direction: 'asc' },
      { index: 3, size: 10 },
    ),
    buildTopQuery(duckdbDialect, 'ip', filterOf(...conditions), range, 5),
  ]) {
    expect(q.sql).not.toContain('DROP');
    const placeholders = new Set([...q.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    expect(Math.max(...placeholders)).toBe(q.params.length);
  }
});

test('exclusions keep records without the field; IPs and statuses become ranges', () => {
  const p = new ParamList(duckdbDialect);
  const sql = buildWhere(
    filterOf(
      { field: 'status', values: ['5xx', '404'], exclude: true },
      { field: 'ip', values: ['10.0.0.0/8', '::1'], exclude: false },
      { field: 'latency', min: 5, max: null, exclude: false },
    ),
    range,
    p,
    duckdbDialect,
  );
  expect(sql).toBe(
    'time_ms >= $1 AND time_ms < $2 AND ((status BETWEEN $3 AND $4 OR status = $5)) IS NOT TRUE AND ' +
      '(ip_num BETWEEN $6 AND $7 OR ip_num = $8) AND latency_ms >= $9',
  );
  expect(p.params.slice(2).map((x) => x.value)).toEqual([
    500,
    599,
    404,
    0xffff0a000000n,
    0xffff0affffffn,
    1n,
    5,
  ]);
});
