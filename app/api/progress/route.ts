import { withApiCaller } from '@/lib/server/auth';
import { getSyncProgress } from '@/lib/server/store';

export const dynamic = 'force-dynamic';

/** GET /api/progress: the running (or last) sync: objects done/total, records, bytes, issues. */
export const GET = withApiCaller(async () => {
  const progress = await getSyncProgress();
  return Response.json(progress, { headers: { 'Cache-Control': 'no-store' } });
});
