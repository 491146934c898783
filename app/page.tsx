import { NuqsAdapter } from 'nuqs/adapters/next/app';
import { Suspense } from 'react';
import { parseDashboardParams, toSearchParams } from '@/lib/dashboard/search-params';
import { requireUser } from '@/lib/server/auth';
import {
  ChartSkeleton,
  LatencyPanel,
  RequestsPanel,
  StatusPanel,
} from '@/components/dashboard/chart-panels';
import { DetailPanel, DetailSkeleton } from '@/components/dashboard/detail-panel';
import { renderNow, startDashboardQueries } from '@/components/dashboard/load-dashboard';
import {
  DashboardNavigationProvider,
  PendingBar,
  PendingFade,
} from '@/components/dashboard/navigation';
import { ProblemsBanner } from '@/components/dashboard/problems-banner';
import { SummarySkeleton, SummaryStrip } from '@/components/dashboard/summary-strip';
import { SyncProgress } from '@/components/dashboard/sync-progress';
import { SyncStatus } from '@/components/dashboard/sync-status';
import { TablePanel, TableSkeleton } from '@/components/dashboard/table-panel';
import { TopIpsPanel, TopRoutesPanel, TopUserAgentsPanel } from '@/components/dashboard/top-panels';
import { FilterBar } from '@/components/filters/filter-bar';
import { RangePicker } from '@/components/filters/range-picker';
import { TimezoneToggle } from '@/components/filters/timezone-toggle';
import styles from '@/components/dashboard/dashboard.module.css';
import theme from '@/components/dashboard/theme.module.css';

export const metadata = { title: 'Dashboard · API Gateway access logs' };

/**
 * The dashboard. The URL is the whole view (lib/dashboard/search-params.ts); this render parses it,
 * starts the sync for the range and every panel query at once, and streams each panel in as its
 * query finishes. Controls are client leaves that write the URL; the server renders the result.
 */
export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  const state = parseDashboardParams(toSearchParams(await searchParams));
  const now = renderNow();
  const data = startDashboardQueries(state, now);
  const { from, to } =
    data.frozen.range.kind === 'absolute' ? data.frozen.range : { from: now, to: now };
  const view = {
    filter: state.filter,
    sort: state.sort,
    page: state.page,
    columns: state.columns,
    row: state.row,
    tz: state.tz,
    drill: state.drill,
    resolved: { from, to },
    now,
  };

  return (
    <NuqsAdapter>
      <DashboardNavigationProvider view={view}>
        <div className={`${styles.dashboard} ${theme.theme}`} data-testid="dashboard">
          <header className={styles.header}>
            <PendingBar className={styles.pendingBar} />
            <div className={styles.headerRow}>
              <h1 className={styles.title}>Requests</h1>
              <TimezoneToggle />
            </div>
            <RangePicker />
            <FilterBar />
            <Suspense fallback={<SyncProgress />}>
              <SyncStatus sync={data.sync} />
            </Suspense>
          </header>
          <ProblemsBanner problems={state.problems} />
          <PendingFade className={styles.fade}>
            <div className={styles.dashboard}>
              <Suspense fallback={<SummarySkeleton />}>
                <SummaryStrip summary={data.summary} filter={state.filter} />
              </Suspense>
              <div className={styles.grid}>
                <div className={styles.full}>
                  <Suspense fallback={<ChartSkeleton title="Requests over time" height={250} />}>
                    <RequestsPanel histogram={data.histogram} />
                  </Suspense>
                </div>
                <div className={styles.wide}>
                  <Suspense
                    fallback={<ChartSkeleton title="Latency p50 / p95 / p99" height={230} />}
                  >
                    <LatencyPanel latency={data.latency} />
                  </Suspense>
                </div>
                <div className={styles.narrow}>
                  <Suspense fallback={<ChartSkeleton title="Status codes" height={230} />}>
                    <StatusPanel statuses={data.statuses} />
                  </Suspense>
                </div>
                <div className={styles.full}>
                  <Suspense fallback={<ChartSkeleton title="Top routes" height={280} />}>
                    <TopRoutesPanel
                      routes={data.routes}
                      drill={data.drill}
                      drillRoute={state.drill}
                    />
                  </Suspense>
                </div>
                <div className={styles.narrowish}>
                  <Suspense fallback={<ChartSkeleton title="Top client IPs" height={280} />}>
                    <TopIpsPanel ips={data.ips} />
                  </Suspense>
                </div>
                <div className={styles.wideish}>
                  <Suspense fallback={<ChartSkeleton title="Top user agents" height={280} />}>
                    <TopUserAgentsPanel userAgents={data.userAgents} />
                  </Suspense>
                </div>
                <div className={styles.full}>
                  <Suspense fallback={<TableSkeleton />}>
                    <TablePanel
                      rows={data.rows}
                      count={data.count}
                      frozen={data.frozen}
                      pageIndex={state.page.index}
                    />
                  </Suspense>
                </div>
              </div>
            </div>
          </PendingFade>
          {data.detail && state.row !== null && (
            <Suspense key={state.row} fallback={<DetailSkeleton />}>
              <DetailPanel detail={data.detail} requestId={state.row} tz={state.tz} />
            </Suspense>
          )}
        </div>
      </DashboardNavigationProvider>
    </NuqsAdapter>
  );
}
