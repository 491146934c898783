import 'server-only';
import type { DashboardState } from '@/lib/dashboard/search-params';
import { addCondition } from '@/lib/dashboard/filter-edit';
import { freezeFilter } from '@/lib/query/engine';
import type { LogFilter } from '@/lib/query/filter';
import type {
  LatencySeries,
  LogRow,
  StatusHistogram,
  Summary,
  TopEntry,
} from '@/lib/query/results';
import {
  ensureRange,
  getRecordByRequestId,
  queryCount,
  queryHistogram,
  queryLatencySeries,
  queryRows,
  querySummary,
  queryTopN,
  type SyncResult,
} from '@/lib/server/store';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** The sync's result, or why it could not run at all (store cannot open, bad configuration). */
export type SyncOutcome = Outcome<SyncResult>;

function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
}

/**
 * Relative ranges end at "now" rounded up to this step, so reloading, paging or opening a row within
 * a few seconds reuses the store's cached panel results instead of recomputing them for a window
 * that moved by a second.
 */
const NOW_STEP_MS = 10_000;

export function renderNow(now = Date.now()): number {
  return Math.ceil(now / NOW_STEP_MS) * NOW_STEP_MS;
}

export interface DashboardData {
  /** The filter with its range made absolute: what every panel of this render describes. */
  frozen: LogFilter;
  sync: Promise<SyncOutcome>;
  summary: Promise<Outcome<Summary>>;
  histogram: Promise<Outcome<StatusHistogram>>;
  latency: Promise<Outcome<LatencySeries>>;
  statuses: Promise<Outcome<TopEntry[]>>;
  routes: Promise<Outcome<TopEntry[]>>;
  ips: Promise<Outcome<TopEntry[]>>;
  userAgents: Promise<Outcome<TopEntry[]>>;
  rows: Promise<Outcome<LogRow[]>>;
  count: Promise<Outcome<number>>;
  detail: Promise<Outcome<LogRow | null>> | null;
  drill: Promise<Outcome<{ paths: TopEntry[]; slowest: LogRow[] }>> | null;
}

/**
 * Starts every query the dashboard shows, at once: the sync for the range first, then all panel
 * queries side by side (the store runs them on separate connections). Each panel awaits only its
 * own promise inside a Suspense boundary, so the fastest panels appear first and none waits for
 * another. Nothing here throws: each result is an Outcome the panel renders as data or as an error.
 */
export function startDashboardQueries(state: DashboardState, now: number): DashboardData {
  const frozen = freezeFilter(state.filter, now);
  const sync = settle(ensureRange(frozen.range));
  const after = <T>(query: () => Promise<T>) => sync.then(() => settle(query()));
  const options = { now };
  const drillFilter =
    state.drill === null
      ? null
      : addCondition(frozen, {
          field: 'route',
          match: 'exact',
          value: state.drill,
          exclude: false,
        });
  return {
    frozen,
    sync,
    summary: after(() => querySummary(frozen, options)),
    histogram: after(() => queryHistogram(frozen, options)),
    latency: after(() => queryLatencySeries(frozen, options)),
    statuses: after(() => queryTopN('status', frozen, 12, options)),
    routes: after(() => queryTopN('route', frozen, 10, options)),
    ips: after(() => queryTopN('ip', frozen, 10, options)),
    userAgents: after(() => queryTopN('userAgent', frozen, 10, options)),
    rows: after(() => queryRows(frozen, state.sort, state.page, options)),
    count: after(() => queryCount(frozen, options)),
    detail: state.row === null ? null : after(() => getRecordByRequestId(state.row ?? '')),
    drill:
      drillFilter === null
        ? null
        : after(async () => {
            const [paths, slowest] = await Promise.all([
              queryTopN('path', drillFilter, 10, options),
              queryRows(
                drillFilter,
                { column: 'latencyMs', direction: 'desc' },
                { index: 0, size: 5 },
                options,
              ),
            ]);
            return { paths, slowest };
          }),
  };
}
