import type { ReactNode } from 'react';
import styles from './ui.module.css';

/** Nothing to show, said in words, with what to try next. */
export function EmptyState({
  title,
  children,
  testId,
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div className={styles.state} data-testid={testId ?? 'empty-state'}>
      <strong>{title}</strong>
      {children}
    </div>
  );
}

/** Something failed: the message as the system gave it, and what to do about it. */
export function ErrorState({
  title,
  message,
  advice,
  tone = 'error',
  testId,
}: {
  title: string;
  message?: string;
  advice?: ReactNode;
  tone?: 'error' | 'warn';
  testId?: string;
}) {
  return (
    <div
      className={`${styles.state} ${tone === 'error' ? styles.stateError : styles.stateWarn}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId ?? 'error-state'}
    >
      <strong>{title}</strong>
      {message && <p className={styles.detail}>{message}</p>}
      {advice && <p>{advice}</p>}
    </div>
  );
}

/** A grey block the size of what is loading. */
export function Skeleton({
  height,
  width = '100%',
  className,
}: {
  height: number | string;
  width?: number | string;
  className?: string;
}) {
  return (
    <div
      className={className ? `${styles.skeleton} ${className}` : styles.skeleton}
      style={{ height, width }}
      aria-hidden="true"
    />
  );
}

/** Error text of an unknown thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
