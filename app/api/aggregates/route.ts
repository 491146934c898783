import {
  describeRange,
  parseAggregatesQuery,
  problemsResponse,
  freezeForRequest,
  answerJson,
} from '@/lib/dashboard/api-params';
import { withApiCaller } from '@/lib/server/auth';
import {
  ensureRange,
  queryHistogram,
  queryLatencySeries,
  querySummary,
  queryTopN,
} from '@/lib/server/store';

export const dynamic = 'force-dynamic';

/**
 * GET /api/aggregates?<filter>&top=route,ip,status&n=10: what the dashboard's panels show, as
 * JSON: summary, requests per time bucket by status class, latency percentiles over time, top-N.
 */
export const GET = withApiCaller(async (request) =>
  answerJson(async () => {
    const parsed = parseAggregatesQuery(new URL(request.url).searchParams);
    if (!parsed.ok) return problemsResponse(parsed.problems);
    const { top, n } = parsed.value;
    const { filter, range } = freezeForRequest(parsed.value.filter);
    const sync = await ensureRange(range, request.signal);
    const options = { signal: request.signal };
    const [summary, histogram, latency, ...tops] = await Promise.all([
      querySummary(filter, options),
      queryHistogram(filter, options),
      queryLatencySeries(filter, options),
      ...top.map((dimension) => queryTopN(dimension, filter, n, options)),
    ]);
    return Response.json(
      {
        range: describeRange(range),
        summary,
        histogram,
        latency,
        top: Object.fromEntries(top.map((dimension, i) => [dimension, tops[i]])),
        issues: sync.issues,
      },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  }),
);
