import { adviceFor, isBlocking } from '@/lib/dashboard/sync-advice';
import { formatCount } from '@/lib/dashboard/format';
import { ErrorState } from '@/components/ui/states';
import type { SyncOutcome } from './load-dashboard';
import styles from './dashboard.module.css';

/**
 * After the sync: nothing when all went well; otherwise each problem with the system's message and
 * what to do (grant a permission, fix a setting). Problems with single objects are summarised.
 */
export async function SyncStatus({ sync }: { sync: Promise<SyncOutcome> }) {
  const outcome = await sync;
  if (!outcome.ok) {
    return (
      <ErrorState
        title="The log store is not available"
        message={outcome.error}
        advice="Check DATA_DIR (writable, enough disk space) and the server configuration, then reload."
        testId="sync-error"
      />
    );
  }
  const issues = outcome.value.issues;
  if (issues.length === 0) return null;
  const blocking = issues.filter(isBlocking);
  const objectIssues = issues.filter((i) => !isBlocking(i));
  // One message per distinct problem: fifty objects denied for the same reason say it once.
  const distinct = [...new Map(blocking.map((i) => [`${i.kind}:${i.message}`, i])).values()];
  return (
    <div className={styles.issues} data-testid="sync-issues">
      {distinct.map((issue) => (
        <ErrorState
          key={`${issue.kind}:${issue.message}`}
          title={`Cannot read logs from S3${issue.source !== '*' ? ` (source ${issue.source})` : ''}`}
          message={issue.message}
          advice={adviceFor(issue)}
          testId="sync-error"
        />
      ))}
      {objectIssues.length > 0 && (
        <ErrorState
          tone="warn"
          title={`${formatCount(objectIssues.length)} object${objectIssues.length === 1 ? '' : 's'} could not be loaded`}
          message={objectIssues
            .slice(0, 3)
            .map((i) => `${i.objectKey ?? i.source}: ${i.message}`)
            .join('\n')}
          advice={adviceFor(objectIssues[0])}
          testId="sync-warning"
        />
      )}
    </div>
  );
}
