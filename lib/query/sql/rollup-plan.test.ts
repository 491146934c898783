import { expect, test } from 'vitest';
import type { FilterCondition, LogFilter } from '../filter';
import { duckdbDialect, type SqlDialect } from './dialect';
import { planRollup, recordRanges } from './rollup-plan';

const SLOT = 15 * 60_000;
const HOUR = 3_600_000;
const filterOf = (...conditions: FilterCondition[]): LogFilter => ({
  range: { kind: 'absolute', from: 0, to: 1 },
  conditions,
});

test('whole slots from the rollups, the partial slots at either end from the records', () => {
  const range = { from: 10 * HOUR + 7_000, to: 40 * HOUR + SLOT + 1 };
  const plan = planRollup(duckdbDialect, filterOf(), range, SLOT);
  expect(plan?.interior).toEqual({ from: 10 * HOUR + SLOT, to: 40 * HOUR + SLOT });
  expect(plan?.edges).toEqual([
    { from: range.from, to: 10 * HOUR + SLOT },
    { from: 40 * HOUR + SLOT, to: range.to },
  ]);
  const aligned = planRollup(duckdbDialect, filterOf(), { from: HOUR, to: 30 * HOUR }, 2 * HOUR);
  expect(aligned?.edges).toEqual([]);
  expect(recordRanges(aligned, { from: HOUR, to: 30 * HOUR })).toEqual([]);
  expect(recordRanges(null, range)).toEqual([range]);
});

test('no plan when a bucket would split a slot, the range holds no whole slot, or a filter needs the records', () => {
  const range = { from: 0, to: 20 * HOUR };
  expect(planRollup(duckdbDialect, filterOf(), range, 10 * 60_000)).toBeNull();
  expect(planRollup(duckdbDialect, filterOf(), { from: 1000, to: SLOT + 999 }, null)).toBeNull();
  const answerable: FilterCondition[] = [
    { field: 'status', values: ['5xx'], exclude: true },
    { field: 'method', values: ['GET'], exclude: false },
    { field: 'route', match: 'prefix', value: '/a', exclude: false },
    { field: 'source', values: ['s'], exclude: false },
  ];
  expect(planRollup(duckdbDialect, filterOf(...answerable), range, null)).not.toBeNull();
  const needRecords: FilterCondition[] = [
    { field: 'path', match: 'prefix', value: '/a', exclude: false },
    { field: 'ip', values: ['10.0.0.1'], exclude: false },
    { field: 'latency', min: 5, max: null, exclude: false },
    { field: 'userAgent', value: 'curl', exclude: false },
    { field: 'requestId', values: ['x'], exclude: false },
    { field: 'text', value: 'x', exclude: false },
  ];
  for (const condition of needRecords)
    expect(planRollup(duckdbDialect, filterOf(...answerable, condition), range, null)).toBeNull();
  const noRollups: SqlDialect = { ...duckdbDialect, rollups: null };
  expect(planRollup(noRollups, filterOf(), range, null)).toBeNull();
});
