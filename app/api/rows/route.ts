import {
  describeRange,
  parseRowsQuery,
  problemsResponse,
  freezeForRequest,
  answerJson,
} from '@/lib/dashboard/api-params';
import { withApiCaller } from '@/lib/server/auth';
import { ensureRange, queryCount, queryRows } from '@/lib/server/store';

export const dynamic = 'force-dynamic';

/**
 * GET /api/rows?<filter>&sort=time.desc&page=1&size=50: one page of matching requests and the
 * total. Relative ranges are resolved once, so `rows` and `total` describe the same interval.
 */
export const GET = withApiCaller(async (request) =>
  answerJson(async () => {
    const parsed = parseRowsQuery(new URL(request.url).searchParams);
    if (!parsed.ok) return problemsResponse(parsed.problems);
    const { sort, page } = parsed.value;
    const { filter, range } = freezeForRequest(parsed.value.filter);
    const sync = await ensureRange(range, request.signal);
    const [rows, total] = await Promise.all([
      queryRows(filter, sort, page, { signal: request.signal }),
      queryCount(filter, { signal: request.signal }),
    ]);
    return Response.json(
      {
        range: describeRange(range),
        sort,
        page: page.index + 1,
        size: page.size,
        total,
        rows,
        issues: sync.issues,
      },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  }),
);
