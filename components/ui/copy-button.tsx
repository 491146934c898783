'use client';

import { useState } from 'react';
import styles from './ui.module.css';

/**
 * Copies text (a link, an id) to the clipboard and says so. Relative links are made absolute with
 * the page's origin, so what lands on the clipboard works in another browser.
 */
export function CopyButton({
  text,
  label,
  absolute = false,
  testId,
}: {
  text: string;
  label: string;
  absolute?: boolean;
  testId?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    const value = absolute ? new URL(text, window.location.origin).toString() : text;
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 1800);
  };
  return (
    <button
      type="button"
      className={styles.button}
      onClick={() => void copy()}
      data-testid={testId}
      data-copy-text={text}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
