'use client';
/** What changed on the stage between the page loading it and the save: format and destination. */
import type { AccessLogSettingsValue } from '@/lib/access-log-settings/patch-operations';
import { diffTokens, isMostlyRewritten } from './token-diff';
import styles from './settings-diff.module.css';

export function SettingsDiff(props: {
  loaded: AccessLogSettingsValue | null;
  current: AccessLogSettingsValue | null;
}) {
  const { loaded, current } = props;
  return (
    <div className={styles.diff} data-testid="conflict-diff">
      <p className={styles.legend}>
        <del className={styles.removed}>removed</del> since you loaded the page,{' '}
        <ins className={styles.added}>added</ins> by the other change.
      </p>
      {loaded === null || current === null ? (
        <p>
          When you loaded the page, access logging was{' '}
          <strong>{loaded === null ? 'off' : 'on'}</strong>; now it is{' '}
          <strong>{current === null ? 'off' : 'on'}</strong>.
        </p>
      ) : null}
      <DiffRow
        id="format"
        label="Format"
        before={loaded?.format ?? ''}
        after={current?.format ?? ''}
      />
      <DiffRow
        id="destination"
        label="Destination"
        before={loaded?.destinationArn ?? ''}
        after={current?.destinationArn ?? ''}
      />
    </div>
  );
}

function DiffRow(props: { id: string; label: string; before: string; after: string }) {
  const { id, label, before, after } = props;
  if (before === after) {
    return (
      <div className={styles.row} data-testid={`diff-${id}`} data-changed="false">
        <span className={styles.label}>{label}</span>
        <span className="muted">unchanged</span>
      </div>
    );
  }
  const segments = diffTokens(before, after);
  if (isMostlyRewritten(segments, before, after)) {
    return (
      <div className={styles.row} data-testid={`diff-${id}`} data-changed="true">
        <span className={styles.label}>{label}</span>
        <span className={styles.whole}>
          <code className={styles.text}>
            <del className={styles.removed}>{visibleNewline(before) || '(none)'}</del>
          </code>
          <code className={styles.text}>
            <ins className={styles.added}>{visibleNewline(after) || '(none)'}</ins>
          </code>
        </span>
      </div>
    );
  }
  return (
    <div className={styles.row} data-testid={`diff-${id}`} data-changed="true">
      <span className={styles.label}>{label}</span>
      <code className={styles.text}>
        {segments.map((segment, i) =>
          segment.op === 'same' ? (
            <span key={i}>{visibleNewline(segment.text)}</span>
          ) : segment.op === 'removed' ? (
            <del key={i} className={styles.removed}>
              {visibleNewline(segment.text)}
            </del>
          ) : (
            <ins key={i} className={styles.added}>
              {visibleNewline(segment.text)}
            </ins>
          ),
        )}
      </code>
    </div>
  );
}

/** A trailing newline is part of a format; show it so a newline-only change is visible. */
function visibleNewline(text: string): string {
  return text.replaceAll('\n', '↵');
}
