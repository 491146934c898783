import { checkBucketReachable } from '@/lib/server/recent-objects';
import { getConfig } from '@/lib/env';
import { getCurrentUser } from '@/lib/server/auth';
import { getSyncProgress } from '@/lib/server/store';

export const dynamic = 'force-dynamic';

/**
 * Public, for load balancers: without a session it answers only the status (200 ok / 503 degraded),
 * never the bucket name or an S3 error message. Signed-in users get the details.
 */
export async function GET() {
  const config = getConfig();
  const s3 = await checkBucketReachable();
  const status = s3.ok ? 'ok' : 'degraded';
  const httpStatus = s3.ok ? 200 : 503;
  const user = await getCurrentUser().catch(() => null);
  if (!user) {
    return Response.json(
      { status },
      { status: httpStatus, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const body = {
    status,
    s3: { bucket: config.bucket, reachable: s3.ok, ...(s3.ok ? {} : { error: s3.error }) },
    store: await describeStore(),
  };
  return Response.json(body, { status: httpStatus, headers: { 'Cache-Control': 'no-store' } });
}

async function describeStore() {
  try {
    const progress = await getSyncProgress();
    return {
      state: progress.running ? progress.phase : 'idle',
      lastSync: progress.finishedAt ? new Date(progress.finishedAt).toISOString() : null,
      objectsDone: progress.objectsDone,
      objectsTotal: progress.objectsTotal,
      objectsFailed: progress.objectsFailed,
      records: progress.records,
      issues: progress.issues.length,
    };
  } catch (error) {
    return { state: 'error', error: error instanceof Error ? error.message : String(error) };
  }
}
