import type { ReactNode } from 'react';
import styles from './ui.module.css';

/** A titled card; `actions` sit on the right of the title (toggles, links). */
export function Panel({
  title,
  note,
  actions,
  children,
  className,
  testId,
  labelledBy,
}: {
  title: ReactNode;
  note?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
  labelledBy?: string;
}) {
  const id = labelledBy ?? (testId ? `${testId}-title` : undefined);
  return (
    <section
      className={className ? `${styles.panel} ${className}` : styles.panel}
      data-testid={testId}
      aria-labelledby={id}
    >
      <header className={styles.panelHeader}>
        <h2 className={styles.panelTitle} id={id}>
          {title}
        </h2>
        {note !== undefined && <span className={styles.panelNote}>{note}</span>}
        {actions}
      </header>
      {children}
    </section>
  );
}
