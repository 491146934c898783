import Link from 'next/link';
import { isTimeZone, UTC } from '@/lib/dashboard/format';
import { filterToSearchParams } from '@/lib/query/search-params';
import { requireUser } from '@/lib/server/auth';
import { ensureRange, getRecordByRequestId } from '@/lib/server/store';
import { RecordDetail } from '@/components/dashboard/record-detail';
import { Panel } from '@/components/ui/panel';
import { ErrorState } from '@/components/ui/states';
import theme from '@/components/dashboard/theme.module.css';

export const metadata = { title: 'Request · API Gateway access logs' };

const HOUR_MS = 3_600_000;

function firstValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/**
 * One request by its ID (requestId or extendedRequestId): the link the detail panel copies. `t`
 * (epoch ms) says when it happened, so the hours around it are loaded first if needed.
 */
export default async function RequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ requestId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  const { requestId: encoded } = await params;
  const query = await searchParams;
  const requestId = decodeURIComponent(encoded);
  const tRaw = firstValue(query.t);
  const t = tRaw !== null && /^\d{10,14}$/.test(tRaw) ? Number(tRaw) : null;
  const tzRaw = firstValue(query.tz);
  const tz = tzRaw !== null && isTimeZone(tzRaw) ? tzRaw : UTC;

  const around =
    t === null
      ? { kind: 'relative' as const, last: '24h' }
      : { from: t - HOUR_MS, to: t + HOUR_MS };
  let problem: string | null = null;
  try {
    const sync = await ensureRange(around);
    problem = sync.issues[0]?.message ?? null;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const row = await getRecordByRequestId(requestId);

  const dashboardHref =
    row?.time != null
      ? `/?${filterToSearchParams({
          range: { kind: 'absolute', from: row.time - 15 * 60_000, to: row.time + 15 * 60_000 },
          conditions: [],
        }).toString()}`
      : '/';

  return (
    <div className={theme.theme}>
      <p>
        <Link href={dashboardHref}>← Dashboard around this request</Link>
      </p>
      <Panel title={`Request ${requestId}`} testId="request-page">
        {row ? (
          <RecordDetail row={row} tz={tz} />
        ) : (
          <ErrorState
            tone="warn"
            title="No request with this ID in the loaded logs"
            message={problem ?? requestId}
            advice={
              t === null
                ? 'Links copied from the dashboard carry the request time (?t=...); without it only the last 24 hours are searched.'
                : 'The request was not found in the hour around the given time: it may have been removed by retention, or the ID is mistyped.'
            }
          />
        )}
      </Panel>
    </div>
  );
}
