'use client';

import { formatCount } from '@/lib/dashboard/format';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import ui from '@/components/ui/ui.module.css';
import styles from './data-table.module.css';

const SIZES = [25, 50, 100, 250, 500];

/** "51–100 of 12,345", first / previous / next / last, rows per page. Pages are 1-based in the URL. */
export function Pager({ total, shown }: { total: number; shown: number }) {
  const { view, setView } = useDashboardNavigation();
  const { index, size } = view.page;
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : index * size + 1;
  const last = index * size + shown;
  const go = (page: number) => setView({ page: page === 0 ? null : String(page + 1) });
  return (
    <nav className={styles.pager} aria-label="Pages">
      <span data-testid="table-range">
        {shown === 0 ? 'No rows' : `${formatCount(first)}–${formatCount(last)}`} of{' '}
        <strong data-testid="table-total">{formatCount(total)}</strong>
      </span>
      <span className={styles.toolbarGroup}>
        <button type="button" className={ui.button} disabled={index === 0} onClick={() => go(0)}>
          « First
        </button>
        <button
          type="button"
          className={ui.button}
          disabled={index === 0}
          onClick={() => go(index - 1)}
          data-testid="page-prev"
        >
          ‹ Previous
        </button>
        <span>
          Page {formatCount(index + 1)} of {formatCount(pages)}
        </span>
        <button
          type="button"
          className={ui.button}
          disabled={index + 1 >= pages}
          onClick={() => go(index + 1)}
          data-testid="page-next"
        >
          Next ›
        </button>
        <button
          type="button"
          className={ui.button}
          disabled={index + 1 >= pages}
          onClick={() => go(Math.min(pages - 1, 999_999))}
        >
          Last »
        </button>
        <label>
          <select
            className={styles.select}
            value={size}
            aria-label="Rows per page"
            onChange={(e) =>
              setView({ size: e.target.value === '50' ? null : e.target.value, page: null })
            }
          >
            {[...new Set([...SIZES, size])]
              .sort((a, b) => a - b)
              .map((n) => (
                <option key={n} value={n}>
                  {n} / page
                </option>
              ))}
          </select>
        </label>
      </span>
    </nav>
  );
}
