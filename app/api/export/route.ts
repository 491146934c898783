import {
  parseExportQuery,
  problemsResponse,
  freezeForRequest,
  answerJson,
} from '@/lib/dashboard/api-params';
import {
  createExportStream,
  EXPORT_CONTENT_TYPES,
  exportFileName,
} from '@/lib/dashboard/export-encoding';
import { isBlocking } from '@/lib/dashboard/sync-advice';
import { withApiCaller } from '@/lib/server/auth';
import { ensureRange, streamRows } from '@/lib/server/store';

export const dynamic = 'force-dynamic';

/**
 * GET /api/export?<filter>&format=csv|ndjson[&cols=time,status,...]: every matching row, oldest
 * first, streamed as it is read (no row cap, constant memory). A download that would silently miss
 * data (S3 unreadable for the range) is refused with the reason instead.
 */
export const GET = withApiCaller(async (request) =>
  answerJson(async () => {
    const parsed = parseExportQuery(new URL(request.url).searchParams);
    if (!parsed.ok) return problemsResponse(parsed.problems);
    const { format, columns } = parsed.value;
    const { filter, range } = freezeForRequest(parsed.value.filter);
    const sync = await ensureRange(range, request.signal);
    const blocking = sync.issues.filter(isBlocking);
    if (blocking.length > 0)
      return Response.json(
        { error: 'the logs of this range could not all be read', issues: blocking },
        { status: 503, headers: { 'Cache-Control': 'no-store' } },
      );
    const body = createExportStream(streamRows(filter, { signal: request.signal }), {
      format,
      columns,
    });
    return new Response(body, {
      headers: {
        'Content-Type': EXPORT_CONTENT_TYPES[format],
        'Content-Disposition': `attachment; filename="${exportFileName(range.from, range.to, format)}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  }),
);
