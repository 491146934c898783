'use client';

import { useMemo, type KeyboardEvent, type MouseEvent } from 'react';
import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import {
  COLUMN_IDS,
  COLUMN_LABELS,
  conditionForValue,
  NUMERIC_COLUMNS,
  sortColumnOf,
  columnsToParam,
  type ColumnId,
  type TableRow,
} from '@/lib/dashboard/columns';
import { addCondition } from '@/lib/dashboard/filter-edit';
import { formatCount, formatMs, formatTimestamp } from '@/lib/dashboard/format';
import type { LogRow } from '@/lib/query/results';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import ui from '@/components/ui/ui.module.css';
import styles from './data-table.module.css';
import { StatusBadge } from './status-badge';

const features = tableFeatures({ rowSortingFeature, columnVisibilityFeature });
const helper = createColumnHelper<typeof features, TableRow>();

const MONO: ReadonlySet<ColumnId> = new Set([
  'ip',
  'requestId',
  'extendedRequestId',
  'path',
  'route',
  'objectKey',
]);

function textOf(id: ColumnId, row: TableRow, tz: string): string | null {
  const value = row[id];
  if (value === null || value === undefined) return null;
  switch (id) {
    case 'time':
      return formatTimestamp(row.time, tz);
    case 'latencyMs':
    case 'integrationLatencyMs':
      return formatMs(value as number);
    case 'bytes':
      return formatCount(value as number);
    default:
      return String(value);
  }
}

function apply<T>(updater: Updater<T>, current: T): T {
  return typeof updater === 'function' ? (updater as (old: T) => T)(current) : updater;
}

/** One cell: the value as text, and on hover/focus "+" / "−" to include or exclude it. */
function Cell({ id, row, tz }: { id: ColumnId; row: TableRow; tz: string }) {
  const { view, setFilter } = useDashboardNavigation();
  const text = textOf(id, row, tz);
  if (text === null) return <span className={styles.missing}>–</span>;
  const full = row as LogRow;
  const include = conditionForValue(id, full, false);
  const exclude = conditionForValue(id, full, true);
  const act = (event: MouseEvent, condition: typeof include) => {
    event.stopPropagation();
    if (condition) setFilter(addCondition(view.filter, condition));
  };
  return (
    <span className={styles.cell}>
      {id === 'status' ? (
        <StatusBadge status={row.status} />
      ) : (
        <span className={styles.cellText} title={text}>
          {text}
        </span>
      )}
      {include && exclude && (
        <span className={styles.cellActions}>
          <button
            type="button"
            className={ui.iconButton}
            aria-label={`Filter for ${COLUMN_LABELS[id]} ${text}`}
            title="Filter for this value"
            onClick={(e) => act(e, include)}
            data-testid="cell-include"
          >
            +
          </button>
          <button
            type="button"
            className={ui.iconButton}
            aria-label={`Filter out ${COLUMN_LABELS[id]} ${text}`}
            title="Filter out this value"
            onClick={(e) => act(e, exclude)}
            data-testid="cell-exclude"
          >
            −
          </button>
        </span>
      )}
    </span>
  );
}

/**
 * The matching requests, one page at a time. Sorting and paging happen in the store (manual mode):
 * the table only renders the page it is given. Column choice, sort, page and the opened row live
 * in the URL; clicking a row opens its detail panel.
 */
export function LogTable({ rows }: { rows: TableRow[] }) {
  const { view, setView } = useDashboardNavigation();
  const { tz } = view;

  // The URL's column order first, the hidden columns after (the chooser shows them all).
  const columns = useMemo(
    () =>
      helper.columns(
        [...view.columns, ...COLUMN_IDS.filter((c) => !view.columns.includes(c))].map((id) =>
          helper.accessor((row) => row[id], {
            id,
            header: COLUMN_LABELS[id],
            enableSorting: sortColumnOf(id) !== null,
            sortDescFirst: id === 'time' || NUMERIC_COLUMNS.has(id),
            cell: (context) => <Cell id={id} row={context.row.original} tz={tz} />,
          }),
        ),
      ),
    [view.columns, tz],
  );
  const sorting: SortingState = useMemo(
    () => [{ id: view.sort.column, desc: view.sort.direction === 'desc' }],
    [view.sort],
  );
  const columnVisibility: ColumnVisibilityState = useMemo(
    () => Object.fromEntries(COLUMN_IDS.map((id) => [id, view.columns.includes(id)])),
    [view.columns],
  );

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => `${row.objectKey ?? ''}:${row.objectOffset}:${row.requestId ?? ''}`,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting, columnVisibility },
    onSortingChange: (updater) => {
      const [next] = apply(updater, sorting);
      if (!next) return;
      setView({ sort: `${next.id}.${next.desc ? 'desc' : 'asc'}`, page: null });
    },
    onColumnVisibilityChange: (updater) => {
      const next = apply(updater, columnVisibility);
      const shown = COLUMN_IDS.filter((id) => next[id] !== false);
      if (shown.length > 0) setView({ cols: columnsToParam(shown) }, 'replace');
    },
  });

  const open = (row: TableRow) => {
    if (row.requestId) setView({ row: row.requestId });
  };
  const onKey = (event: KeyboardEvent, row: TableRow) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(row);
    }
  };

  return (
    <div className={styles.scroll}>
      <table className={styles.table} data-testid="log-table">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const id = header.column.id as ColumnId;
                const sorted = header.column.getIsSorted();
                const numeric = NUMERIC_COLUMNS.has(id);
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                    }
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        className={`${styles.headerButton} ${numeric ? styles.numeric : ''}`}
                        onClick={header.column.getToggleSortingHandler()}
                        aria-label={`Sort by ${COLUMN_LABELS[id]}`}
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                        </span>
                      </button>
                    ) : (
                      <span className={`${styles.headerText} ${numeric ? styles.numeric : ''}`}>
                        <table.FlexRender header={header} />
                      </span>
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => {
            const original = row.original;
            const selected = original.requestId !== null && original.requestId === view.row;
            return (
              <tr
                key={row.id}
                tabIndex={original.requestId ? 0 : -1}
                aria-selected={selected}
                onClick={() => open(original)}
                onKeyDown={(e) => onKey(e, original)}
                data-testid="log-row"
                data-request-id={original.requestId ?? undefined}
              >
                {row.getVisibleCells().map((cell) => {
                  const id = cell.column.id as ColumnId;
                  const classes = [
                    NUMERIC_COLUMNS.has(id) ? styles.numeric : '',
                    MONO.has(id) ? styles.mono : '',
                  ]
                    .filter(Boolean)
                    .join(' ');
                  return (
                    <td key={cell.id} className={classes || undefined} data-column={id}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
