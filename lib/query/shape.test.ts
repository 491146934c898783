import { expect, test } from 'vitest';
import { shapeLatencySeries, shapeStatusHistogram, shapeTop, summarize } from './shape';

const range = { from: 60_000, to: 240_000 };

test('status buckets are zero-filled over the range and split by class', () => {
  const histogram = shapeStatusHistogram(
    [
      { bucket: 1, cls: 2, n: 5, bytes: 100 },
      { bucket: 1, cls: 5, n: 1, bytes: 10 },
      { bucket: 3, cls: null, n: 2, bytes: null },
    ],
    range,
    60_000,
  );
  expect(histogram.buckets.map((b) => [b.start, b.total, b.s2xx, b.s5xx, b.other])).toEqual([
    [60_000, 6, 5, 1, 0],
    [120_000, 0, 0, 0, 0],
    [180_000, 2, 0, 0, 2],
  ]);
});

test('latency series: percentiles per bucket, flags for missing data', () => {
  const series = shapeLatencySeries(
    [
      { bucket: 1, kind: 0, b: 10, n: 9 },
      { bucket: 1, kind: 0, b: 100, n: 1 },
      { bucket: 1, kind: 1, b: 3, n: 10 },
    ],
    range,
    60_000,
  );
  expect(series.hasLatency).toBe(true);
  expect(series.hasOverhead).toBe(true);
  expect(series.points[0]).toMatchObject({
    start: 60_000,
    count: 10,
    p50: 10,
    p99: 100,
    overheadP95: 3,
  });
  expect(series.points[1]).toMatchObject({ count: 0, p50: null });
  expect(shapeLatencySeries([], range, 60_000).hasLatency).toBe(false);
});

test('summary from the same grouped rows', () => {
  const summary = summarize(
    [
      { bucket: 1, cls: 2, n: 8, bytes: 800 },
      { bucket: 2, cls: 4, n: 1, bytes: 10 },
      { bucket: 2, cls: 5, n: 1, bytes: null },
    ],
    [
      { bucket: 1, kind: 0, b: 20, n: 5 },
      { bucket: 2, kind: 0, b: 20, n: 4 },
      { bucket: 2, kind: 0, b: 50, n: 1 },
    ],
    range,
    3,
  );
  expect(summary).toMatchObject({
    requests: 10,
    clientErrors: 1,
    serverErrors: 1,
    errorRate: 0.1,
    bytes: 810,
    latencyCount: 10,
    p50: 20,
    p99: 50,
    rejects: 3,
  });
});

test('top entries are merged per key and sorted by count', () => {
  const top = shapeTop(
    [
      { k: '1', n: 3, e4: 0, e5: 1, label: '/a', b: 10, bn: 2 },
      { k: '1', n: 3, e4: 0, e5: 1, label: '/a', b: 20, bn: 1 },
      { k: '2', n: 5, e4: 1, e5: 0, label: '/b', b: null, bn: 5 },
    ],
    'route',
  );
  expect(top).toEqual([
    {
      value: '/b',
      count: 5,
      clientErrors: 1,
      serverErrors: 0,
      errorRate: 0,
      p50: null,
      p95: null,
      p99: null,
    },
    {
      value: '/a',
      count: 3,
      clientErrors: 0,
      serverErrors: 1,
      errorRate: 1 / 3,
      p50: 10,
      p95: 20,
      p99: 20,
    },
  ]);
});
