import { checkBucketReachable } from '@/lib/server/recent-objects';
import { getConfig } from '@/lib/env';

export const dynamic = 'force-dynamic';

export async function GET() {
  const config = getConfig();
  const s3 = await checkBucketReachable();
  const body = {
    status: s3.ok ? 'ok' : 'degraded',
    s3: { bucket: config.bucket, reachable: s3.ok, ...(s3.ok ? {} : { error: s3.error }) },
    store: { state: 'not-configured' },
  };
  return Response.json(body, { status: s3.ok ? 200 : 503 });
}
