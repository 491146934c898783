import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  bucketValue,
  exactPercentiles,
  latencyBucket,
  percentilesFromHistogram,
} from './latency-buckets';

test('small latencies are exact, large ones within 1%', () => {
  expect(latencyBucket(0)).toBe(0);
  expect(latencyBucket(127)).toBe(127);
  expect(bucketValue(latencyBucket(42) ?? -1)).toBe(42);
  expect(latencyBucket(null)).toBeNull();
  expect(latencyBucket(-1)).toBeNull();
  expect(latencyBucket(Number.NaN)).toBeNull();
  fc.assert(
    fc.property(fc.integer({ min: 128, max: 3_600_000 }), (ms) => {
      const value = bucketValue(latencyBucket(ms) ?? -1);
      expect(Math.abs(value - ms) / ms).toBeLessThanOrEqual(0.01);
    }),
  );
});

test('histogram percentiles agree with exact nearest-rank percentiles', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 400 }),
      (values) => {
        const counts = new Map<number, number>();
        for (const v of values) {
          const b = latencyBucket(v) ?? -1;
          counts.set(b, (counts.get(b) ?? 0) + 1);
        }
        const fromHistogram = percentilesFromHistogram([...counts.entries()]);
        const exact = exactPercentiles(values);
        for (const key of ['p50', 'p95', 'p99'] as const) {
          const e = exact[key] ?? 0;
          const h = fromHistogram[key] ?? 0;
          if (e < 128) expect(h).toBe(e);
          else expect(Math.abs(h - e) / e).toBeLessThanOrEqual(0.01);
        }
      },
    ),
  );
  expect(percentilesFromHistogram([])).toEqual({ p50: null, p95: null, p99: null });
});
