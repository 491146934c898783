import { ErrorState } from '@/components/ui/states';
import styles from './dashboard.module.css';

/** Malformed URL parameters: each named with what it must look like; the rest of the view applies. */
export function ProblemsBanner({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <ErrorState
      tone="warn"
      testId="param-problems"
      title={
        problems.length === 1
          ? 'One link parameter was ignored'
          : `${problems.length} link parameters were ignored`
      }
      advice={
        <ul className={styles.problems}>
          {problems.map((p) => (
            <li key={p} className="mono">
              {p}
            </li>
          ))}
        </ul>
      }
    />
  );
}
