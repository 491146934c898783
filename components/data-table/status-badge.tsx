import { statusClassOf } from '@/lib/dashboard/status';
import styles from './data-table.module.css';

export function StatusBadge({ status }: { status: number | null }) {
  return (
    <span className={styles.status} data-class={statusClassOf(status)}>
      {status ?? '–'}
    </span>
  );
}
