/**
 * What to do about a sync problem, in words for the error panel. The message itself comes from the
 * S3 layer (it names the bucket, endpoint and operation); this adds the next step.
 */
import type { SyncIssue } from '@/lib/server/sync/progress';

export function adviceFor(issue: Pick<SyncIssue, 'kind' | 'permission'>): string {
  switch (issue.kind) {
    case 'no-credentials':
      return 'Give the server AWS credentials: an instance or task role, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
    case 'invalid-credentials':
      return 'The credentials were refused: check the access key, refresh an expired session token, and check the server clock.';
    case 'access-denied':
      return issue.permission
        ? `Grant ${issue.permission} on the log bucket (and kms:Decrypt if the objects are encrypted with a customer key) to the role the server runs as.`
        : 'Grant the server role read access to the log bucket (s3:ListBucket and s3:GetObject).';
    case 'no-such-bucket':
      return 'Check LOG_BUCKET: the bucket does not exist, or it is in another account or partition.';
    case 'wrong-region':
      return 'Set AWS_REGION to the region the bucket lives in.';
    case 'endpoint-unreachable':
      return 'Check S3_ENDPOINT and the network path (VPC endpoint, proxy, DNS) from the server to S3.';
    case 'network':
    case 'throttled':
      return 'This is usually temporary: the next sync retries. If it persists, check the network and S3 request rates.';
    case 'no-such-key':
      return 'The object went away while loading (lifecycle rule or manual delete); nothing to do unless it keeps happening.';
    case 'object':
      return 'This object could not be read or parsed; the rest loaded. Its key is shown so you can inspect it.';
    case 'store':
      return 'The local store failed: check free disk space and memory on the server (DATA_DIR, STORE_MAX_MB).';
    case 'config':
      return 'Fix the configuration named in the message and restart the server.';
    case 'aborted':
      return 'The load was cancelled; reloading the page starts it again.';
    default:
      return 'Reload to retry. If it persists, the server log has the details.';
  }
}

/** Problems that leave the view without data (as opposed to one bad object among good ones). */
export function isBlocking(issue: Pick<SyncIssue, 'kind'>): boolean {
  return !['object', 'no-such-key', 'aborted'].includes(issue.kind);
}
