'use client';

import { useCallback, useRef, useState } from 'react';
import {
  Bar,
  BarChart,
  Rectangle,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
  type TooltipContentProps,
} from 'recharts';
import { addCondition, conditionForDimension } from '@/lib/dashboard/filter-edit';
import { formatCompact, formatCount, formatMs, formatPercent } from '@/lib/dashboard/format';
import { STATUS_CLASS_COLORS, statusClassOf } from '@/lib/dashboard/status';
import type { TopEntry } from '@/lib/query/results';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import { ChartMenu, menuPosition } from './chart-menu';
import styles from './charts.module.css';

function StatusTooltip({
  active,
  payload,
  total,
}: Partial<TooltipContentProps<number, string>> & { total: number }) {
  const entry = payload?.[0]?.payload as TopEntry | undefined;
  if (!active || !entry) return null;
  return (
    <div className={styles.tooltip}>
      <div className={styles.tooltipTitle}>{entry.value}</div>
      <dl>
        <dt>Requests</dt>
        <dd>{formatCount(entry.count)}</dd>
        <dt>Share</dt>
        <dd>{formatPercent(total === 0 ? 0 : entry.count / total)}</dd>
        <dt>p95</dt>
        <dd>{formatMs(entry.p95)}</dd>
      </dl>
    </div>
  );
}

/** Requests per status code, coloured by class; click a bar to include or exclude that code. */
export function StatusChart({ entries }: { entries: TopEntry[] }) {
  const { view, setFilter } = useDashboardNavigation();
  const box = useRef<HTMLDivElement>(null);
  const [menu, setMenu] = useState<{ at: { x: number; y: number }; value: string } | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  const total = entries.reduce((sum, e) => sum + e.count, 0);
  const apply = (value: string, exclude: boolean) => {
    const condition = conditionForDimension('status', value, exclude);
    if (condition) setFilter(addCondition(view.filter, condition));
  };
  return (
    <div ref={box} className={styles.chart} data-testid="status-chart">
      <BarChart
        responsive
        width="100%"
        height={Math.max(120, entries.length * 24 + 20)}
        data={entries}
        layout="vertical"
        margin={{ top: 0, right: 16, bottom: 0, left: 0 }}
      >
        <XAxis type="number" tickFormatter={(v: number) => formatCompact(v)} hide />
        <YAxis
          type="category"
          dataKey="value"
          width={44}
          tickLine={false}
          axisLine={false}
          interval={0}
        />
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: 'var(--selection)' }}
          content={<StatusTooltip total={total} />}
        />
        <Bar
          dataKey="count"
          isAnimationActive={false}
          radius={[0, 3, 3, 0]}
          onClick={(data, _index, event) => {
            const value = (data as { payload?: TopEntry }).payload?.value;
            if (value) setMenu({ at: menuPosition(box.current, event), value });
          }}
          style={{ cursor: 'pointer' }}
          shape={(props: BarShapeProps) => (
            <Rectangle
              {...props}
              fill={STATUS_CLASS_COLORS[statusClassOf(Number((props.payload as TopEntry).value))]}
            />
          )}
        />
      </BarChart>
      {menu && (
        <ChartMenu
          at={menu.at}
          title={`Status ${menu.value}`}
          onClose={closeMenu}
          items={[
            { label: `Only ${menu.value}`, onSelect: () => apply(menu.value, false) },
            { label: `Exclude ${menu.value}`, onSelect: () => apply(menu.value, true) },
          ]}
        />
      )}
    </div>
  );
}
