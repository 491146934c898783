import { toTableRow } from '@/lib/dashboard/columns';
import { formatCount } from '@/lib/dashboard/format';
import type { LogFilter } from '@/lib/query/filter';
import { filterToSearchParams } from '@/lib/query/search-params';
import type { LogRow } from '@/lib/query/results';
import { ColumnChooser } from '@/components/data-table/column-chooser';
import { LogTable } from '@/components/data-table/log-table';
import { Pager } from '@/components/data-table/pager';
import { Panel } from '@/components/ui/panel';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import ui from '@/components/ui/ui.module.css';
import table from '@/components/data-table/data-table.module.css';
import type { Outcome } from './load-dashboard';
import styles from './dashboard.module.css';

/** Export links carry the frozen filter: the file holds exactly the rows counted on screen. */
function exportHref(filter: LogFilter, format: 'csv' | 'ndjson'): string {
  const params = filterToSearchParams(filter);
  params.set('format', format);
  return `/api/export?${params.toString()}`;
}

function Exports({ frozen }: { frozen: LogFilter }) {
  return (
    <span className={styles.exports}>
      <a className={ui.button} href={exportHref(frozen, 'csv')} download data-testid="export-csv">
        Export CSV
      </a>
      <a
        className={ui.button}
        href={exportHref(frozen, 'ndjson')}
        download
        data-testid="export-ndjson"
      >
        Export NDJSON
      </a>
    </span>
  );
}

export async function TablePanel({
  rows,
  count,
  frozen,
  pageIndex,
}: {
  rows: Promise<Outcome<LogRow[]>>;
  count: Promise<Outcome<number>>;
  frozen: LogFilter;
  pageIndex: number;
}) {
  const [rowsOutcome, countOutcome] = await Promise.all([rows, count]);
  const total = countOutcome.ok ? countOutcome.value : 0;
  return (
    <Panel
      title="Requests"
      note={countOutcome.ok ? `${formatCount(total)} matching` : undefined}
      testId="table-panel"
      actions={
        <span className={table.toolbarGroup}>
          <ColumnChooser />
          <Exports frozen={frozen} />
        </span>
      }
    >
      {!rowsOutcome.ok ? (
        <ErrorState title="The requests could not be read" message={rowsOutcome.error} />
      ) : rowsOutcome.value.length === 0 ? (
        <EmptyState
          title={
            pageIndex > 0 && total > 0 ? 'This page is past the last row' : 'No requests match'
          }
        >
          <p>
            {pageIndex > 0 && total > 0
              ? 'Go back to the first page.'
              : 'Widen the time range or remove a filter.'}
          </p>
        </EmptyState>
      ) : (
        <LogTable rows={rowsOutcome.value.map(toTableRow)} />
      )}
      <Pager total={total} shown={rowsOutcome.ok ? rowsOutcome.value.length : 0} />
    </Panel>
  );
}

export function TableSkeleton() {
  return (
    <Panel title="Requests" note="Loading…">
      {Array.from({ length: 10 }, (_, i) => (
        <Skeleton key={i} height={22} className={styles.chartSkeleton} />
      ))}
    </Panel>
  );
}
