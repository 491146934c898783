/**
 * Automatic bucket size for time series: the smallest "round" step that keeps a range within about
 * 120 bars, so a 15-minute window shows 10-second bars and a week shows 2-hour bars.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const BUCKET_STEPS: readonly number[] = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
];

export const MAX_BUCKETS = 120;

export function chooseBucketMs(rangeMs: number, maxBuckets = MAX_BUCKETS): number {
  for (const step of BUCKET_STEPS) if (rangeMs / step <= maxBuckets) return step;
  return Math.ceil(rangeMs / maxBuckets / DAY) * DAY;
}

/** Bucket starts covering [from, to), aligned to multiples of the step since the epoch (UTC). */
export function bucketStarts(from: number, to: number, bucketMs: number): number[] {
  const starts: number[] = [];
  for (let t = Math.floor(from / bucketMs) * bucketMs; t < to; t += bucketMs) starts.push(t);
  return starts;
}
