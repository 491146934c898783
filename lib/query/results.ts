/** What the query layer answers with: plain, serialisable shapes that pages and the API pass on. */
import type { CanonicalRecord } from '@/lib/formats/canonical-record';

/** A stored record as pages see it: the canonical record plus where it came from. */
export interface LogRow extends CanonicalRecord {
  source: string;
  /** The record exactly as it was in the object. */
  raw: string;
  objectKey: string | null;
  /** Byte offset of the record in the decompressed object. */
  objectOffset: number;
}

export interface StatusBucket {
  start: number;
  total: number;
  s1xx: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  /** Records without a status (or an impossible one). */
  other: number;
}

export interface StatusHistogram {
  from: number;
  to: number;
  bucketMs: number;
  buckets: StatusBucket[];
}

export interface LatencyPoint {
  start: number;
  /** Records with a latency in this bucket. */
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  overheadP50: number | null;
  overheadP95: number | null;
  overheadP99: number | null;
}

export interface LatencySeries {
  from: number;
  to: number;
  bucketMs: number;
  /** False when no matching record has a latency: the format lacks `$context.responseLatency`. */
  hasLatency: boolean;
  /** True when some records have both response and integration latency. */
  hasOverhead: boolean;
  points: LatencyPoint[];
}

export interface TopEntry {
  /** The value as text (a status code too), ready to become a filter. */
  value: string;
  count: number;
  clientErrors: number;
  serverErrors: number;
  /** Share of 5xx responses, 0..1. */
  errorRate: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface Summary {
  from: number;
  to: number;
  requests: number;
  clientErrors: number;
  serverErrors: number;
  /** Share of 5xx responses, 0..1 (0 when there are no requests). */
  errorRate: number;
  /** Records that carry a latency; 0 means the percentiles are unknown, not zero. */
  latencyCount: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  bytes: number;
  /** Spans of the objects in this range that did not parse as records. */
  rejects: number;
}

export interface RejectRow {
  source: string;
  objectKey: string;
  offset: number;
  raw: string;
  reason: string;
}

export interface RejectPage {
  count: number;
  rows: RejectRow[];
}
