'use client';

import { useEffect, useRef } from 'react';
import styles from './charts.module.css';

export interface MenuItem {
  label: string;
  onSelect: () => void;
}

/**
 * A small menu at the point where a chart was clicked: include, exclude, zoom. Closes on Escape,
 * on a click elsewhere, or after a choice. Labels are React text (they can hold logged values).
 */
export function ChartMenu({
  at,
  title,
  items,
  onClose,
}: {
  at: { x: number; y: number };
  title: string;
  items: MenuItem[];
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    const onPointer = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [onClose]);
  return (
    <div
      ref={ref}
      className={styles.menu}
      style={{ left: at.x, top: at.y }}
      role="menu"
      aria-label={title}
      data-testid="chart-menu"
    >
      <div className={styles.menuTitle}>{title}</div>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

/** Menu position inside `container` for a pointer event, kept inside its right edge. */
export function menuPosition(
  container: HTMLElement | null,
  event: { clientX: number; clientY: number },
): { x: number; y: number } {
  const box = container?.getBoundingClientRect();
  if (!box) return { x: 0, y: 0 };
  return {
    x: Math.min(event.clientX - box.left + 4, Math.max(0, box.width - 200)),
    y: event.clientY - box.top + 4,
  };
}
