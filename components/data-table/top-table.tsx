'use client';

import { useMemo, useState } from 'react';
import { addCondition, conditionForDimension } from '@/lib/dashboard/filter-edit';
import { formatCount, formatMs, formatPercent } from '@/lib/dashboard/format';
import type { TopDimension } from '@/lib/query/filter';
import type { TopEntry } from '@/lib/query/results';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import ui from '@/components/ui/ui.module.css';
import styles from './data-table.module.css';
import top from './top-table.module.css';

type SortKey = 'value' | 'count' | 'errorRate' | 'p50' | 'p95' | 'p99';

const HEADERS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'count', label: 'Requests', numeric: true },
  { key: 'errorRate', label: '5xx', numeric: true },
  { key: 'p50', label: 'p50', numeric: true },
  { key: 'p95', label: 'p95', numeric: true },
  { key: 'p99', label: 'p99', numeric: true },
];

function compare(a: TopEntry, b: TopEntry, key: SortKey): number {
  if (key === 'value') return a.value.localeCompare(b.value);
  const x = a[key];
  const y = b[key];
  // Unknown percentiles sort below every known one, whichever the direction.
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  return x - y;
}

/**
 * A top-N list (routes, IPs, ...) with count, 5xx rate and latency percentiles, sortable by any of
 * them; each value can be included or excluded, and routes open a drill-down.
 */
export function TopTable({
  entries,
  dimension,
  label,
  total,
  drillable = false,
  testId,
}: {
  entries: TopEntry[];
  dimension: TopDimension;
  label: string;
  total: number;
  drillable?: boolean;
  testId?: string;
}) {
  const { view, setFilter, setView } = useDashboardNavigation();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'count', desc: true });
  const sorted = useMemo(() => {
    const copy = [...entries];
    copy.sort((a, b) => compare(a, b, sort.key) * (sort.desc ? -1 : 1));
    return copy;
  }, [entries, sort]);
  const maxCount = Math.max(1, ...entries.map((e) => e.count));
  const toggle = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key !== 'value' }));
  const ariaSort = (key: SortKey) =>
    sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined;
  const apply = (value: string, exclude: boolean) => {
    const condition = conditionForDimension(dimension, value, exclude);
    if (condition) setFilter(addCondition(view.filter, condition));
  };

  return (
    <div className={styles.scroll}>
      <table className={`${styles.table} ${top.table}`} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort('value')}>
              <button type="button" className={styles.headerButton} onClick={() => toggle('value')}>
                {label}
                <span aria-hidden="true">
                  {sort.key === 'value' ? (sort.desc ? '▼' : '▲') : ''}
                </span>
              </button>
            </th>
            {HEADERS.map((h) => (
              <th key={h.key} scope="col" aria-sort={ariaSort(h.key)}>
                <button
                  type="button"
                  className={`${styles.headerButton} ${styles.numeric}`}
                  onClick={() => toggle(h.key)}
                >
                  {h.label}
                  <span aria-hidden="true">
                    {sort.key === h.key ? (sort.desc ? '▼' : '▲') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((entry) => {
            const open = drillable && view.drill === entry.value;
            return (
              <tr
                key={entry.value}
                className={top.row}
                data-testid="top-row"
                data-value={entry.value}
              >
                <td className={top.valueCell}>
                  <span
                    className={top.bar}
                    style={{ width: `${(entry.count / maxCount) * 100}%` }}
                    aria-hidden="true"
                  />
                  <span className={top.value}>
                    {drillable && (
                      <button
                        type="button"
                        className={ui.iconButton}
                        aria-expanded={open}
                        aria-label={`${open ? 'Close' : 'Open'} drill-down for ${entry.value}`}
                        title="Concrete paths and slowest requests"
                        onClick={() => setView({ drill: open ? null : entry.value }, 'push')}
                        data-testid="top-drill"
                      >
                        {open ? '▾' : '▸'}
                      </button>
                    )}
                    <span className={`${styles.mono} ${top.valueText}`} title={entry.value}>
                      {entry.value || '(none)'}
                    </span>
                    <span className={top.actions}>
                      <button
                        type="button"
                        className={ui.iconButton}
                        aria-label={`Filter for ${entry.value}`}
                        title="Filter for this value"
                        onClick={() => apply(entry.value, false)}
                        data-testid="top-include"
                      >
                        +
                      </button>
                      <button
                        type="button"
                        className={ui.iconButton}
                        aria-label={`Filter out ${entry.value}`}
                        title="Filter out this value"
                        onClick={() => apply(entry.value, true)}
                        data-testid="top-exclude"
                      >
                        −
                      </button>
                    </span>
                  </span>
                </td>
                <td
                  className={styles.numeric}
                  title={formatPercent(entry.count / Math.max(1, total))}
                >
                  {formatCount(entry.count)}
                </td>
                <td
                  className={`${styles.numeric} ${entry.errorRate >= 0.05 ? top.bad : entry.errorRate > 0 ? top.warn : ''}`}
                >
                  {formatPercent(entry.errorRate)}
                </td>
                <td className={styles.numeric}>{formatMs(entry.p50)}</td>
                <td className={styles.numeric}>{formatMs(entry.p95)}</td>
                <td className={styles.numeric}>{formatMs(entry.p99)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
