'use client';

import { useEffect, useState } from 'react';
import { formatBytes, formatCount } from '@/lib/dashboard/format';
import styles from './dashboard.module.css';

/** The fields of the server's SyncProgress this bar shows (GET /api/progress). */
interface ProgressView {
  running: boolean;
  phase: 'idle' | 'listing' | 'loading';
  objectsTotal: number;
  objectsDone: number;
  objectsFailed: number;
  records: number;
  bytes: number;
}

const POLL_MS = 400;

/**
 * Shown while the range's objects load: polls the sync progress and draws objects done of total,
 * records and bytes. The server replaces it with the result once the sync finishes.
 */
export function SyncProgress() {
  const [progress, setProgress] = useState<ProgressView | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const response = await fetch('/api/progress', { cache: 'no-store' });
        if (response.ok && !stopped) setProgress((await response.json()) as ProgressView);
      } catch {
        // The next poll tries again; the page does not depend on this bar.
      }
      if (!stopped) timer = window.setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, []);

  const loading = progress?.phase === 'loading' && progress.objectsTotal > 0;
  const share = loading ? progress.objectsDone / progress.objectsTotal : 0;
  return (
    <div className={styles.progress} role="status" aria-live="polite" data-testid="sync-progress">
      <div
        className={styles.progressTrack}
        role="progressbar"
        aria-label="Loading log objects"
        aria-valuemin={0}
        aria-valuemax={progress?.objectsTotal || undefined}
        aria-valuenow={loading ? progress.objectsDone : undefined}
      >
        <div
          className={styles.progressFill}
          data-indeterminate={loading ? 'false' : 'true'}
          style={{ width: `${Math.round(share * 100)}%` }}
        />
      </div>
      <span>
        {!progress || progress.phase !== 'loading'
          ? 'Listing log objects for this range…'
          : `Loading objects: ${formatCount(progress.objectsDone)} of ${formatCount(progress.objectsTotal)}` +
            ` · ${formatCount(progress.records)} records · ${formatBytes(progress.bytes)}` +
            (progress.objectsFailed > 0 ? ` · ${formatCount(progress.objectsFailed)} failed` : '')}
      </span>
    </div>
  );
}
