'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { useDashboardNavigation } from './navigation';
import styles from './detail-drawer.module.css';

/**
 * The side panel holding one request's detail. Escape or the close button closes it (the URL loses
 * `row`, so back reopens it); focus moves into it on open so keyboard users land on the content.
 */
export function DetailDrawer({ title, children }: { title: string; children: ReactNode }) {
  const { setView } = useDashboardNavigation();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    panel.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setView({ row: null });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);
  return (
    <aside
      ref={panel}
      className={styles.drawer}
      aria-label={title}
      tabIndex={-1}
      data-testid="detail-panel"
    >
      <header className={styles.header}>
        <h2 className={styles.title}>{title}</h2>
        <button
          type="button"
          className={styles.close}
          onClick={() => setView({ row: null })}
          aria-label="Close request detail"
          data-testid="detail-close"
        >
          ×
        </button>
      </header>
      <div className={styles.body}>{children}</div>
    </aside>
  );
}
