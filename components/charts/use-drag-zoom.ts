'use client';

import { useState } from 'react';
import type { MouseHandlerDataParam } from 'recharts';
import { rangeFromSelection } from '@/lib/dashboard/zoom';
import type { TimeRange } from '@/lib/query/time-range';

function labelOf(state: MouseHandlerDataParam): number | null {
  const label = state.activeLabel;
  const value = typeof label === 'string' ? Number(label) : label;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Drag across a time chart to zoom: pointer down on one bucket, up on another, and the range
 * becomes the buckets in between. A press that stays on one bucket is a click, not a zoom.
 */
export function useDragZoom(options: {
  bucketMs: number;
  bounds: { from: number; to: number };
  onZoom: (range: Extract<TimeRange, { kind: 'absolute' }>) => void;
}) {
  const [start, setStart] = useState<number | null>(null);
  const [end, setEnd] = useState<number | null>(null);

  const reset = () => {
    setStart(null);
    setEnd(null);
  };

  return {
    selection: start !== null && end !== null && start !== end ? { x1: start, x2: end } : null,
    dragging: start !== null,
    handlers: {
      onMouseDown: (state: MouseHandlerDataParam) => {
        const label = labelOf(state);
        setStart(label);
        setEnd(label);
      },
      onMouseMove: (state: MouseHandlerDataParam) => {
        if (start === null) return;
        const label = labelOf(state);
        if (label !== null) setEnd(label);
      },
      onMouseUp: () => {
        if (start !== null && end !== null && start !== end) {
          const range = rangeFromSelection(start, end, options.bucketMs, options.bounds);
          if (range) options.onZoom(range);
        }
        reset();
      },
      onMouseLeave: reset,
    },
  };
}
