/** Validation messages shown right under the field they concern. */
import type { Issue } from '@/lib/access-log-settings/validate-format';
import styles from './field-issues.module.css';

export function FieldIssues(props: {
  id: string;
  errors: Issue[];
  warnings: Issue[];
  testId?: string;
}) {
  const { id, errors, warnings, testId } = props;
  return (
    <ul id={id} className={styles.list} aria-live="polite" data-testid={testId}>
      {errors.map((issue, i) => (
        <li key={`e${i}`} className={styles.error} data-code={issue.code}>
          <span className={styles.tag}>Error</span> {issue.message}
        </li>
      ))}
      {warnings.map((issue, i) => (
        <li key={`w${i}`} className={styles.warning} data-code={issue.code}>
          <span className={styles.tag}>Warning</span> {issue.message}
        </li>
      ))}
    </ul>
  );
}
