import type { LogRow } from '@/lib/query/results';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { DetailDrawer } from './detail-drawer';
import type { Outcome } from './load-dashboard';
import { RecordDetail } from './record-detail';
import styles from './dashboard.module.css';

export async function DetailPanel({
  detail,
  requestId,
  tz,
}: {
  detail: Promise<Outcome<LogRow | null>>;
  requestId: string;
  tz: string;
}) {
  const outcome = await detail;
  return (
    <DetailDrawer title="Request">
      {!outcome.ok ? (
        <ErrorState title="The request could not be read" message={outcome.error} />
      ) : outcome.value === null ? (
        <ErrorState
          tone="warn"
          title="No request with this ID in the loaded data"
          message={requestId}
          advice="The request may be outside the time range that has been loaded; open the range it belongs to, then the row."
        />
      ) : (
        <RecordDetail row={outcome.value} tz={tz} />
      )}
    </DetailDrawer>
  );
}

export function DetailSkeleton() {
  return (
    <DetailDrawer title="Request">
      <div className={styles.skeletonStack} aria-busy="true">
        <Skeleton height={24} width="60%" />
        {Array.from({ length: 12 }, (_, i) => (
          <Skeleton key={i} height={18} />
        ))}
      </div>
    </DetailDrawer>
  );
}
