'use client';

import { useMemo, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { withRange } from '@/lib/dashboard/filter-edit';
import {
  formatBucket,
  formatCount,
  formatMs,
  formatTick,
  formatTimestamp,
} from '@/lib/dashboard/format';
import type { LatencyPoint, LatencySeries } from '@/lib/query/results';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import styles from './charts.module.css';
import { useDragZoom } from './use-drag-zoom';

type Mode = 'latency' | 'overhead';
type Scale = 'log' | 'linear';

const SERIES_KEYS = ['p50', 'p95', 'p99', 'overheadP50', 'overheadP95', 'overheadP99'] as const;
type SeriesKey = (typeof SERIES_KEYS)[number];

/**
 * The plotted copy of a point: on the log scale values below 1 ms sit on the 1 ms line (log 0 does
 * not exist). The tooltip reads the untouched values.
 */
type PlotPoint = LatencyPoint & Record<`plot_${SeriesKey}`, number | null>;

function toPlot(point: LatencyPoint, scale: Scale): PlotPoint {
  const plot = { ...point } as PlotPoint;
  for (const key of SERIES_KEYS) {
    const value = point[key];
    plot[`plot_${key}`] = value === null ? null : scale === 'log' ? Math.max(1, value) : value;
  }
  return plot;
}

/** Decades from 1 ms up to the first power of ten above the largest value. */
function logTicks(max: number): number[] {
  const ticks = [1];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] * 10);
  return ticks;
}

const SERIES = {
  latency: [
    { key: 'p50', label: 'p50', color: 'var(--p50)' },
    { key: 'p95', label: 'p95', color: 'var(--p95)' },
    { key: 'p99', label: 'p99', color: 'var(--p99)' },
  ],
  overhead: [
    { key: 'overheadP50', label: 'p50', color: 'var(--p50)' },
    { key: 'overheadP95', label: 'p95', color: 'var(--p95)' },
    { key: 'overheadP99', label: 'p99', color: 'var(--p99)' },
  ],
} as const;

function LatencyTooltip({
  active,
  payload,
  tz,
  mode,
}: Partial<TooltipContentProps<number, string>> & { tz: string; mode: Mode }) {
  const point = payload?.[0]?.payload as LatencyPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className={styles.tooltip}>
      <div className={styles.tooltipTitle}>{formatTimestamp(point.start, tz).slice(0, 19)}</div>
      <dl>
        {SERIES[mode].map((s) => [
          <dt key={`${s.key}-t`}>
            <span className={styles.swatch} style={{ background: s.color }} />
            {mode === 'overhead' ? `overhead ${s.label}` : s.label}
          </dt>,
          <dd key={`${s.key}-d`}>{formatMs(point[s.key])}</dd>,
        ])}
        <dt>with latency</dt>
        <dd>{formatCount(point.count)}</dd>
      </dl>
    </div>
  );
}

/**
 * Response latency percentiles over time; with both latencies logged, a toggle shows API Gateway's
 * own overhead (response latency minus integration latency) instead. Drag to zoom, like requests.
 */
export function LatencyChart({ series }: { series: LatencySeries }) {
  const { view, setFilter } = useDashboardNavigation();
  const { filter, tz } = view;
  const [mode, setMode] = useState<Mode>('latency');
  // Logarithmic by default: one 29 s timeout would otherwise flatten every other line to zero.
  const [scale, setScale] = useState<Scale>('log');
  const zoom = useDragZoom({
    bucketMs: series.bucketMs,
    bounds: { from: series.from, to: series.to },
    onZoom: (range) => setFilter(withRange(filter, range)),
  });
  const active: Mode = series.hasOverhead ? mode : 'latency';
  const rangeMs = series.to - series.from;
  const data = useMemo(() => series.points.map((p) => toPlot(p, scale)), [series, scale]);
  const max = useMemo(
    () => Math.max(1, ...data.flatMap((p) => SERIES[active].map((s) => p[`plot_${s.key}`] ?? 0))),
    [data, active],
  );
  const ticks = logTicks(max);
  return (
    <div>
      <div className={styles.controls}>
        {series.hasOverhead && (
          <div className={styles.toggle} role="group" aria-label="Latency series">
            <button
              type="button"
              aria-pressed={active === 'latency'}
              onClick={() => setMode('latency')}
            >
              Response latency
            </button>
            <button
              type="button"
              aria-pressed={active === 'overhead'}
              onClick={() => setMode('overhead')}
            >
              Gateway overhead
            </button>
          </div>
        )}
        <div className={styles.toggle} role="group" aria-label="Scale">
          <button type="button" aria-pressed={scale === 'log'} onClick={() => setScale('log')}>
            Log
          </button>
          <button
            type="button"
            aria-pressed={scale === 'linear'}
            onClick={() => setScale('linear')}
          >
            Linear
          </button>
        </div>
      </div>
      <div className={styles.chart} data-testid="latency-chart" style={{ cursor: 'crosshair' }}>
        <LineChart
          responsive
          width="100%"
          height={200}
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          {...zoom.handlers}
        >
          <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="start"
            tickFormatter={(v: number) => formatTick(v, tz, rangeMs, series.bucketMs)}
            minTickGap={48}
            tickLine={false}
            axisLine={{ stroke: 'var(--border)' }}
          />
          <YAxis
            scale={scale}
            domain={scale === 'log' ? [1, ticks[ticks.length - 1]] : [0, 'auto']}
            ticks={scale === 'log' ? ticks : undefined}
            allowDataOverflow={scale === 'log'}
            tickFormatter={(v: number) => formatMs(v)}
            width={58}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip isAnimationActive={false} content={<LatencyTooltip tz={tz} mode={active} />} />
          {SERIES[active].map((s) => (
            <Line
              key={s.key}
              dataKey={`plot_${s.key}`}
              name={s.label}
              stroke={s.color}
              strokeWidth={s.key.endsWith('50') ? 2 : 1.5}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
          {zoom.selection && (
            <ReferenceArea
              x1={zoom.selection.x1}
              x2={zoom.selection.x2}
              fill="var(--accent)"
              fillOpacity={0.15}
            />
          )}
        </LineChart>
      </div>
      <ul className={styles.legend} aria-label="Percentiles">
        {SERIES[active].map((s) => (
          <li key={s.key}>
            <span className={styles.swatch} style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
        <li className={styles.legendCount}>per {formatBucket(series.bucketMs)}</li>
      </ul>
    </div>
  );
}
