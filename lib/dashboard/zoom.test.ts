import { test, expect } from 'vitest';
import { MIN_ZOOM_MS, rangeFromSelection, widenRange } from './zoom';

const bounds = { from: 0, to: 24 * 3_600_000 };

test('a drag covers both end buckets whichever way it went', () => {
  const h = 3_600_000;
  expect(rangeFromSelection(5 * h, 2 * h, h, bounds)).toEqual({
    kind: 'absolute',
    from: 2 * h,
    to: 6 * h,
  });
  expect(rangeFromSelection(2 * h, 5 * h, h, bounds)).toEqual(
    rangeFromSelection(5 * h, 2 * h, h, bounds),
  );
});

test('the selection is clipped to the chart range and widened to a minimum', () => {
  const r = rangeFromSelection(23 * 3_600_000, 23 * 3_600_000, 3_600_000, bounds);
  expect(r).toEqual({ kind: 'absolute', from: 23 * 3_600_000, to: 24 * 3_600_000 });
  const tiny = rangeFromSelection(10_000, 10_000, 1000, bounds);
  expect(tiny && tiny.to - tiny.from).toBe(MIN_ZOOM_MS);
  expect(rangeFromSelection(Number.NaN, 1, 1000, bounds)).toBeNull();
});

test('zooming out doubles the width and never ends in the future', () => {
  expect(widenRange(1000, 2000, 10_000)).toEqual({ kind: 'absolute', from: 500, to: 2500 });
  expect(widenRange(1000, 2000, 2100)).toEqual({ kind: 'absolute', from: 100, to: 2100 });
});
