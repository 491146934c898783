'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { addCondition, withRange } from '@/lib/dashboard/filter-edit';
import {
  formatBucket,
  formatCompact,
  formatCount,
  formatTick,
  formatTimestamp,
} from '@/lib/dashboard/format';
import {
  STATUS_CLASS_COLORS,
  STATUS_CLASS_FIELDS,
  STATUS_CLASSES,
  type StatusClass,
} from '@/lib/dashboard/status';
import type { StatusBucket, StatusHistogram } from '@/lib/query/results';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import ui from '@/components/ui/ui.module.css';
import { ChartMenu, menuPosition } from './chart-menu';
import styles from './charts.module.css';
import { useDragZoom } from './use-drag-zoom';

/** Bottom to top: successes first, errors on top where the eye looks for them. */
const STACK: readonly StatusClass[] = ['2xx', '3xx', '1xx', 'other', '4xx', '5xx'];

function classCondition(cls: StatusClass, exclude: boolean) {
  return cls === 'other' ? null : { field: 'status' as const, values: [cls], exclude };
}

function RequestsTooltip({
  active,
  payload,
  tz,
  bucketMs,
}: Partial<TooltipContentProps<number, string>> & { tz: string; bucketMs: number }) {
  const bucket = payload?.[0]?.payload as StatusBucket | undefined;
  if (!active || !bucket) return null;
  return (
    <div className={styles.tooltip}>
      <div className={styles.tooltipTitle}>
        {formatTimestamp(bucket.start, tz).slice(0, 19)} +{formatBucket(bucketMs)}
      </div>
      <dl>
        <dt>Total</dt>
        <dd>{formatCount(bucket.total)}</dd>
        {[...STACK].reverse().map((cls) => {
          const n = bucket[STATUS_CLASS_FIELDS[cls]];
          if (n === 0) return null;
          return [
            <dt key={`${cls}-t`}>
              <span className={styles.swatch} style={{ background: STATUS_CLASS_COLORS[cls] }} />
              {cls}
            </dt>,
            <dd key={`${cls}-d`}>{formatCount(n)}</dd>,
          ];
        })}
      </dl>
    </div>
  );
}

/**
 * Requests per time bucket stacked by status class. Drag across it to zoom the range; click a
 * segment for include / exclude / zoom; the legend has the same include and exclude buttons.
 */
export function RequestsChart({ histogram }: { histogram: StatusHistogram }) {
  const { view, setFilter } = useDashboardNavigation();
  const { filter, tz } = view;
  const box = useRef<HTMLDivElement>(null);
  const [menu, setMenu] = useState<{
    at: { x: number; y: number };
    cls: StatusClass;
    start: number;
  } | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  const zoom = useDragZoom({
    bucketMs: histogram.bucketMs,
    bounds: { from: histogram.from, to: histogram.to },
    onZoom: (range) => setFilter(withRange(filter, range)),
  });
  const totals = useMemo(() => {
    const sums = Object.fromEntries(STATUS_CLASSES.map((c) => [c, 0])) as Record<
      StatusClass,
      number
    >;
    for (const b of histogram.buckets)
      for (const c of STATUS_CLASSES) sums[c] += b[STATUS_CLASS_FIELDS[c]];
    return sums;
  }, [histogram]);
  const rangeMs = histogram.to - histogram.from;

  const include = (cls: StatusClass, exclude: boolean) => {
    const condition = classCondition(cls, exclude);
    if (condition) setFilter(addCondition(filter, condition));
  };

  return (
    <div>
      <div
        ref={box}
        className={styles.chart}
        data-testid="requests-chart"
        style={{ cursor: zoom.dragging ? 'col-resize' : 'crosshair' }}
      >
        <BarChart
          responsive
          width="100%"
          height={220}
          data={histogram.buckets}
          barCategoryGap={1}
          margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
          {...zoom.handlers}
        >
          <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="start"
            tickFormatter={(v: number) => formatTick(v, tz, rangeMs, histogram.bucketMs)}
            minTickGap={48}
            tickLine={false}
            axisLine={{ stroke: 'var(--border)' }}
          />
          <YAxis
            tickFormatter={(v: number) => formatCompact(v)}
            width={44}
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            isAnimationActive={false}
            cursor={{ fill: 'var(--selection)' }}
            content={<RequestsTooltip tz={tz} bucketMs={histogram.bucketMs} />}
          />
          {STACK.map((cls) => (
            <Bar
              key={cls}
              dataKey={STATUS_CLASS_FIELDS[cls]}
              name={cls}
              stackId="status"
              fill={STATUS_CLASS_COLORS[cls]}
              isAnimationActive={false}
              onClick={(data, _index, event) => {
                const start = (data as { payload?: StatusBucket }).payload?.start;
                if (start === undefined) return;
                setMenu({ at: menuPosition(box.current, event), cls, start });
              }}
            />
          ))}
          {zoom.selection && (
            <ReferenceArea
              x1={zoom.selection.x1}
              x2={zoom.selection.x2}
              fill="var(--accent)"
              fillOpacity={0.15}
              stroke="var(--accent)"
              strokeOpacity={0.6}
            />
          )}
        </BarChart>
        {menu && (
          <ChartMenu
            at={menu.at}
            title={`${menu.cls} at ${formatTimestamp(menu.start, tz).slice(0, 16)}`}
            onClose={closeMenu}
            items={[
              ...(menu.cls === 'other'
                ? []
                : [
                    { label: `Only ${menu.cls}`, onSelect: () => include(menu.cls, false) },
                    { label: `Exclude ${menu.cls}`, onSelect: () => include(menu.cls, true) },
                  ]),
              {
                label: `Zoom to this ${formatBucket(histogram.bucketMs)}`,
                onSelect: () =>
                  setFilter(
                    withRange(filter, {
                      kind: 'absolute',
                      from: menu.start,
                      to: menu.start + Math.max(histogram.bucketMs, 60_000),
                    }),
                  ),
              },
            ]}
          />
        )}
      </div>
      <ul className={styles.legend} aria-label="Status classes">
        {[...STACK].reverse().map((cls) =>
          totals[cls] === 0 ? null : (
            <li key={cls} data-testid={`legend-${cls}`}>
              <span className={styles.swatch} style={{ background: STATUS_CLASS_COLORS[cls] }} />
              <span>{cls}</span>
              <span className={styles.legendCount}>{formatCount(totals[cls])}</span>
              {cls !== 'other' && (
                <>
                  <button
                    type="button"
                    className={ui.iconButton}
                    aria-label={`Only ${cls}`}
                    title={`Only ${cls}`}
                    onClick={() => include(cls, false)}
                  >
                    +
                  </button>
                  <button
                    type="button"
                    className={ui.iconButton}
                    aria-label={`Exclude ${cls}`}
                    title={`Exclude ${cls}`}
                    onClick={() => include(cls, true)}
                  >
                    −
                  </button>
                </>
              )}
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
