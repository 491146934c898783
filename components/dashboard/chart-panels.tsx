import Link from 'next/link';
import { formatBucket, formatCount } from '@/lib/dashboard/format';
import type { LatencySeries, StatusHistogram, TopEntry } from '@/lib/query/results';
import { LatencyChart } from '@/components/charts/latency-chart';
import { RequestsChart } from '@/components/charts/requests-chart';
import { StatusChart } from '@/components/charts/status-chart';
import { Panel } from '@/components/ui/panel';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import type { Outcome } from './load-dashboard';
import styles from './dashboard.module.css';

function NoRequests() {
  return (
    <EmptyState title="No requests match">
      <p>Widen the time range or remove a filter.</p>
    </EmptyState>
  );
}

export async function RequestsPanel({
  histogram,
}: {
  histogram: Promise<Outcome<StatusHistogram>>;
}) {
  const outcome = await histogram;
  if (!outcome.ok)
    return (
      <Panel title="Requests over time" testId="requests-panel">
        <ErrorState title="The chart could not be computed" message={outcome.error} />
      </Panel>
    );
  const h = outcome.value;
  const total = h.buckets.reduce((sum, b) => sum + b.total, 0);
  return (
    <Panel
      title="Requests over time"
      note={`${formatCount(total)} requests · per ${formatBucket(h.bucketMs)} · drag to zoom`}
      testId="requests-panel"
    >
      {total === 0 ? <NoRequests /> : <RequestsChart histogram={h} />}
    </Panel>
  );
}

export async function LatencyPanel({ latency }: { latency: Promise<Outcome<LatencySeries>> }) {
  const outcome = await latency;
  if (!outcome.ok)
    return (
      <Panel title="Latency" testId="latency-panel">
        <ErrorState title="The chart could not be computed" message={outcome.error} />
      </Panel>
    );
  const series = outcome.value;
  const withLatency = series.points.reduce((sum, p) => sum + p.count, 0);
  return (
    <Panel title="Latency p50 / p95 / p99" testId="latency-panel">
      {!series.hasLatency ? (
        <EmptyState title="No latency in these records" testId="no-latency">
          <p>
            The log format of this range has no latency variable. Add{' '}
            <code>$context.responseLatency</code> (and <code>$context.integrationLatency</code> for
            gateway overhead) to your format in <Link href="/settings">Settings</Link>.
          </p>
        </EmptyState>
      ) : (
        <>
          <LatencyChart series={series} />
          {withLatency > 0 && !series.hasOverhead && (
            <p className={styles.note}>
              Gateway overhead needs <code>$context.integrationLatency</code> in the format too (
              <Link href="/settings">Settings</Link>).
            </p>
          )}
        </>
      )}
    </Panel>
  );
}

export async function StatusPanel({ statuses }: { statuses: Promise<Outcome<TopEntry[]>> }) {
  const outcome = await statuses;
  return (
    <Panel title="Status codes" testId="status-panel">
      {!outcome.ok ? (
        <ErrorState title="The breakdown could not be computed" message={outcome.error} />
      ) : outcome.value.length === 0 ? (
        <NoRequests />
      ) : (
        <StatusChart entries={outcome.value} />
      )}
    </Panel>
  );
}

export function ChartSkeleton({ title, height }: { title: string; height: number }) {
  return (
    <Panel title={title} note="Loading…">
      <Skeleton height={height} className={styles.chartSkeleton} />
    </Panel>
  );
}
