/**
 * Turns grouped query rows into panel shapes: zero-filled buckets, percentiles from histograms.
 * Charts receive these ready to draw and never aggregate themselves.
 */
import type { TopDimension } from './filter';
import { percentilesFromHistogram } from './latency-buckets';
import type {
  LatencyPoint,
  LatencySeries,
  StatusBucket,
  StatusHistogram,
  Summary,
  TopEntry,
} from './results';
import { bucketStarts } from './time-buckets';
import type { ResolvedRange } from './time-range';

export interface StatusBucketRow {
  /** Bucket number: floor(time / bucketMs). */
  bucket: number;
  /** Status class (2 for 2xx), null when the record had no status. */
  cls: number | null;
  n: number;
  bytes: number | null;
}

export interface LatencyBucketRow {
  bucket: number;
  /** 0 = response latency, 1 = gateway overhead. */
  kind: number;
  b: number;
  n: number;
}

export interface TopRow {
  k: string;
  n: number;
  e4: number;
  e5: number;
  label: string | null;
  b: number | null;
  bn: number;
}

const CLASS_FIELDS = { 1: 's1xx', 2: 's2xx', 3: 's3xx', 4: 's4xx', 5: 's5xx' } as const;

function emptyStatusBucket(start: number): StatusBucket {
  return { start, total: 0, s1xx: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, other: 0 };
}

export function shapeStatusHistogram(
  rows: readonly StatusBucketRow[],
  range: ResolvedRange,
  bucketMs: number,
): StatusHistogram {
  const byStart = new Map(
    bucketStarts(range.from, range.to, bucketMs).map((s) => [s, emptyStatusBucket(s)]),
  );
  for (const row of rows) {
    const start = row.bucket * bucketMs;
    let bucket = byStart.get(start);
    if (!bucket) {
      bucket = emptyStatusBucket(start);
      byStart.set(start, bucket);
    }
    const field = row.cls === null ? undefined : CLASS_FIELDS[row.cls as keyof typeof CLASS_FIELDS];
    bucket[field ?? 'other'] += row.n;
    bucket.total += row.n;
  }
  const buckets = [...byStart.values()].sort((a, b) => a.start - b.start);
  return { from: range.from, to: range.to, bucketMs, buckets };
}

export function shapeLatencySeries(
  rows: readonly LatencyBucketRow[],
  range: ResolvedRange,
  bucketMs: number,
): LatencySeries {
  const histograms = new Map<number, [[number, number][], [number, number][]]>();
  for (const start of bucketStarts(range.from, range.to, bucketMs)) histograms.set(start, [[], []]);
  for (const row of rows) {
    const start = row.bucket * bucketMs;
    let entry = histograms.get(start);
    if (!entry) {
      entry = [[], []];
      histograms.set(start, entry);
    }
    entry[row.kind === 1 ? 1 : 0].push([row.b, row.n]);
  }
  const points: LatencyPoint[] = [...histograms.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, [latency, overhead]]) => {
      const l = percentilesFromHistogram(latency);
      const o = percentilesFromHistogram(overhead);
      return {
        start,
        count: latency.reduce((sum, [, n]) => sum + n, 0),
        p50: l.p50,
        p95: l.p95,
        p99: l.p99,
        overheadP50: o.p50,
        overheadP95: o.p95,
        overheadP99: o.p99,
      };
    });
  return {
    from: range.from,
    to: range.to,
    bucketMs,
    hasLatency: rows.some((r) => r.kind === 0),
    hasOverhead: rows.some((r) => r.kind === 1),
    points,
  };
}

/** The summary strip from the same grouped rows as the charts: no extra scan of the records. */
export function summarize(
  statusRows: readonly StatusBucketRow[],
  latencyRows: readonly LatencyBucketRow[],
  range: ResolvedRange,
  rejects: number,
): Summary {
  let requests = 0;
  let clientErrors = 0;
  let serverErrors = 0;
  let bytes = 0;
  for (const row of statusRows) {
    requests += row.n;
    if (row.cls === 4) clientErrors += row.n;
    if (row.cls === 5) serverErrors += row.n;
    bytes += row.bytes ?? 0;
  }
  const merged = new Map<number, number>();
  for (const row of latencyRows)
    if (row.kind === 0) merged.set(row.b, (merged.get(row.b) ?? 0) + row.n);
  const entries = [...merged.entries()];
  const percentiles = percentilesFromHistogram(entries);
  return {
    from: range.from,
    to: range.to,
    requests,
    clientErrors,
    serverErrors,
    errorRate: requests === 0 ? 0 : serverErrors / requests,
    latencyCount: entries.reduce((sum, [, n]) => sum + n, 0),
    ...percentiles,
    bytes,
    rejects,
  };
}

export function shapeTop(rows: readonly TopRow[], dimension: TopDimension): TopEntry[] {
  const entries = new Map<
    string,
    { row: TopRow; label: string | null; histogram: [number, number][] }
  >();
  for (const row of rows) {
    let entry = entries.get(row.k);
    if (!entry) {
      entry = { row, label: row.label, histogram: [] };
      entries.set(row.k, entry);
    }
    entry.label ??= row.label;
    if (row.b !== null) entry.histogram.push([row.b, row.bn]);
  }
  return [...entries.values()]
    .map(({ row, label, histogram }) => ({
      value: label ?? (dimension === 'status' ? row.k : ''),
      count: row.n,
      clientErrors: row.e4,
      serverErrors: row.e5,
      errorRate: row.n === 0 ? 0 : row.e5 / row.n,
      ...percentilesFromHistogram(histogram),
    }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
