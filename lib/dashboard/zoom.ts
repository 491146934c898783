/**
 * Drag-to-zoom on the requests chart: the two bucket starts the pointer went down and up on become
 * an absolute range covering both buckets entirely.
 */
import type { TimeRange } from '@/lib/query/time-range';

/** Narrower ranges than this are widened to it: a zoom to one 1-second bucket is not useful. */
export const MIN_ZOOM_MS = 60_000;

export function rangeFromSelection(
  a: number,
  b: number,
  bucketMs: number,
  bounds: { from: number; to: number },
): Extract<TimeRange, { kind: 'absolute' }> | null {
  if (!Number.isFinite(a) || !Number.isFinite(b) || bucketMs <= 0) return null;
  let from = Math.max(Math.min(a, b), bounds.from);
  let to = Math.min(Math.max(a, b) + bucketMs, bounds.to);
  if (to - from < MIN_ZOOM_MS) {
    const middle = (from + to) / 2;
    from = Math.round(middle - MIN_ZOOM_MS / 2);
    to = from + MIN_ZOOM_MS;
  }
  if (from >= to) return null;
  return { kind: 'absolute', from, to };
}

/** The range twice as wide around the same middle: the "zoom out" button. */
export function widenRange(
  from: number,
  to: number,
  now: number,
): Extract<TimeRange, { kind: 'absolute' }> {
  const width = to - from;
  const end = Math.min(now, to + width / 2);
  const start = end - width * 2;
  return { kind: 'absolute', from: Math.round(start), to: Math.round(end) };
}
