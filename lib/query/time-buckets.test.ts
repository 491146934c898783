import { expect, test } from 'vitest';
import { bucketStarts, chooseBucketMs, MAX_BUCKETS } from './time-buckets';

test('bucket size grows with the range and keeps the bar count bounded', () => {
  expect(chooseBucketMs(15 * 60_000)).toBe(10_000);
  expect(chooseBucketMs(3_600_000)).toBe(30_000);
  expect(chooseBucketMs(86_400_000)).toBe(15 * 60_000);
  expect(chooseBucketMs(7 * 86_400_000)).toBe(2 * 3_600_000);
  for (const range of [1_000, 60_000, 3_600_000, 86_400_000, 30 * 86_400_000, 365 * 86_400_000]) {
    expect(range / chooseBucketMs(range)).toBeLessThanOrEqual(MAX_BUCKETS);
  }
});

test('bucket starts are aligned and cover the range', () => {
  expect(bucketStarts(65_000, 185_000, 60_000)).toEqual([60_000, 120_000, 180_000]);
  expect(bucketStarts(60_000, 120_000, 60_000)).toEqual([60_000]);
});
