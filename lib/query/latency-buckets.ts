/**
 * Latency percentiles from histograms. Each record stores a small bucket number for its latency:
 * exact milliseconds below 128 ms, then logarithmic buckets 2% wide. Counting records per bucket is
 * a cheap hash aggregate, and one histogram answers p50, p95 and p99 at once (per time bucket, per
 * route, ...) where exact quantiles would sort every value of every group. The price: above 128 ms
 * a percentile is the geometric middle of its bucket, within 1% of the exact value.
 */
const LINEAR_LIMIT = 128;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** The store keeps bucket numbers as SMALLINT. */
const MAX_BUCKET = 32_000;

/** Bucket number for a latency in ms; null for a missing or impossible value. */
export function latencyBucket(ms: number | null): number | null {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return null;
  if (ms < LINEAR_LIMIT) return Math.floor(ms);
  return Math.min(MAX_BUCKET, LINEAR_LIMIT + Math.floor(Math.log(ms / LINEAR_LIMIT) / LOG_GROWTH));
}

/** The value a bucket stands for: exact below 128 ms, the geometric middle above. */
export function bucketValue(bucket: number): number {
  if (bucket < LINEAR_LIMIT) return bucket;
  return LINEAR_LIMIT * Math.pow(GROWTH, bucket - LINEAR_LIMIT + 0.5);
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export const PERCENTILES = [0.5, 0.95, 0.99] as const;

/**
 * Nearest-rank percentiles (the smallest value with at least q of all values at or below it) from
 * (bucket, count) pairs in any order.
 */
export function percentilesFromHistogram(
  entries: readonly (readonly [number, number])[],
): Percentiles {
  const sorted = [...entries].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return { p50: null, p95: null, p99: null };
  const result: (number | null)[] = [];
  let cumulative = 0;
  let index = 0;
  for (const q of PERCENTILES) {
    const rank = Math.max(1, Math.ceil(q * total));
    while (index < sorted.length && cumulative + sorted[index][1] < rank) {
      cumulative += sorted[index][1];
      index++;
    }
    result.push(bucketValue(sorted[Math.min(index, sorted.length - 1)][0]));
  }
  return { p50: result[0], p95: result[1], p99: result[2] };
}

/** Exact nearest-rank percentiles of raw values; what tests compare the histogram answer with. */
export function exactPercentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { p50: null, p95: null, p99: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
