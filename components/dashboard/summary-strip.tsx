import Link from 'next/link';
import { formatBytes, formatCount, formatMs, formatPercent } from '@/lib/dashboard/format';
import { filterToSearchParams } from '@/lib/query/search-params';
import type { LogFilter } from '@/lib/query/filter';
import { ErrorState, Skeleton } from '@/components/ui/states';
import type { Outcome } from './load-dashboard';
import type { Summary } from '@/lib/query/results';
import styles from './dashboard.module.css';

function Stat({
  label,
  value,
  sub,
  tone,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  sub?: React.ReactNode;
  tone?: 'bad' | 'warn';
  testId: string;
}) {
  const toneClass = tone === 'bad' ? styles.statBad : tone === 'warn' ? styles.statWarn : '';
  return (
    <div className={`${styles.stat} ${toneClass}`} data-testid={testId}>
      <span className={styles.statLabel}>{label}</span>
      <span className={styles.statValue} data-testid={`${testId}-value`}>
        {value}
      </span>
      {sub !== undefined && <span className={styles.statSub}>{sub}</span>}
    </div>
  );
}

/** Requests, 5xx rate, 4xx, latency percentiles, bytes and rejects for the whole filtered range. */
export async function SummaryStrip({
  summary,
  filter,
}: {
  summary: Promise<Outcome<Summary>>;
  filter: LogFilter;
}) {
  const outcome = await summary;
  if (!outcome.ok)
    return <ErrorState title="The summary could not be computed" message={outcome.error} />;
  const s = outcome.value;
  const clientRate = s.requests === 0 ? 0 : s.clientErrors / s.requests;
  const rejectsHref = `/rejects?${filterToSearchParams(filter).toString()}`;
  return (
    <section className={styles.summary} aria-label="Summary" data-testid="summary">
      <Stat testId="stat-requests" label="Requests" value={formatCount(s.requests)} />
      <Stat
        testId="stat-errors"
        label="5xx error rate"
        value={formatPercent(s.errorRate)}
        sub={`${formatCount(s.serverErrors)} server errors`}
        tone={s.errorRate >= 0.05 ? 'bad' : s.errorRate >= 0.01 ? 'warn' : undefined}
      />
      <Stat
        testId="stat-client-errors"
        label="4xx"
        value={formatCount(s.clientErrors)}
        sub={`${formatPercent(clientRate)} of requests`}
      />
      <div className={styles.stat} data-testid="stat-latency">
        <span className={styles.statLabel}>Latency</span>
        {s.latencyCount === 0 ? (
          <span className={styles.statSub}>
            Not logged. <Link href="/settings">Add $context.responseLatency</Link>
          </span>
        ) : (
          <>
            <span className={styles.percentiles}>
              <span>
                <small>p50</small>
                <b>{formatMs(s.p50)}</b>
              </span>
              <span>
                <small>p95</small>
                <b>{formatMs(s.p95)}</b>
              </span>
              <span>
                <small>p99</small>
                <b>{formatMs(s.p99)}</b>
              </span>
            </span>
            {s.latencyCount < s.requests && (
              <span className={styles.statSub}>
                from {formatPercent(s.latencyCount / s.requests)} of requests
              </span>
            )}
          </>
        )}
      </div>
      <Stat testId="stat-bytes" label="Response bytes" value={formatBytes(s.bytes)} />
      <Stat
        testId="stat-rejects"
        label="Rejects"
        value={
          s.rejects === 0 ? (
            '0'
          ) : (
            <Link href={rejectsHref} data-testid="rejects-link">
              {formatCount(s.rejects)}
            </Link>
          )
        }
        sub={s.rejects === 0 ? 'every span parsed' : 'spans that did not parse'}
        tone={s.rejects > 0 ? 'warn' : undefined}
      />
    </section>
  );
}

export function SummarySkeleton() {
  return (
    <section className={styles.summary} aria-label="Summary loading" aria-busy="true">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className={styles.stat}>
          <Skeleton height={10} width="50%" />
          <Skeleton height={24} width="70%" />
        </div>
      ))}
    </section>
  );
}
