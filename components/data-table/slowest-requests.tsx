'use client';

import { formatMs, formatTimestamp } from '@/lib/dashboard/format';
import type { LogRow } from '@/lib/query/results';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import styles from './data-table.module.css';
import { StatusBadge } from './status-badge';

/** A route's slowest requests; a click opens the request's detail panel. */
export function SlowestRequests({ rows }: { rows: LogRow[] }) {
  const { view, setView } = useDashboardNavigation();
  if (rows.length === 0 || rows.every((r) => r.latencyMs === null))
    return <p className={styles.missing}>No latency logged for this route in the range.</p>;
  return (
    <div className={styles.scroll}>
      <table className={styles.table} data-testid="drill-slowest">
        <thead>
          <tr>
            <th scope="col">
              <span className={styles.headerText}>Time</span>
            </th>
            <th scope="col">
              <span className={`${styles.headerText} ${styles.numeric}`}>Latency</span>
            </th>
            <th scope="col">
              <span className={`${styles.headerText} ${styles.numeric}`}>Status</span>
            </th>
            <th scope="col">
              <span className={styles.headerText}>Path</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={`${row.objectKey}:${row.objectOffset}`}
              tabIndex={row.requestId ? 0 : -1}
              onClick={() => row.requestId && setView({ row: row.requestId })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && row.requestId) setView({ row: row.requestId });
              }}
            >
              <td>{formatTimestamp(row.time, view.tz)}</td>
              <td className={styles.numeric}>{formatMs(row.latencyMs)}</td>
              <td className={styles.numeric}>
                <StatusBadge status={row.status} />
              </td>
              <td className={styles.mono} title={row.path ?? undefined}>
                {row.path ?? '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
