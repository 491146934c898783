'use client';
/** The one-click edits, each with what it is for; a helper whose work is already done is disabled. */
import {
  addLatencyFields,
  addUserAgent,
  END_WITH_NEWLINE_EXPLANATION,
  endWithNewline,
} from '@/lib/access-log-settings/template-edits';
import styles from './template-helpers.module.css';

const HELPERS = [
  {
    id: 'latency',
    label: 'Add latency fields',
    edit: addLatencyFields,
    why: 'Adds $context.responseLatency and $context.integrationLatency. No preset logs them, and without them the dashboard has no latency charts and cannot tell backend time from gateway overhead.',
  },
  {
    id: 'user-agent',
    label: 'Add user agent',
    edit: addUserAgent,
    why: 'Adds $context.identity.userAgent (quoted in space- or comma-separated formats, since user agents contain both), for the top user agents and to tell bots from browsers.',
  },
  {
    id: 'newline',
    label: 'End each record with a newline',
    edit: endWithNewline,
    why: END_WITH_NEWLINE_EXPLANATION,
  },
] as const;

export function TemplateHelpers(props: { format: string; onChange: (format: string) => void }) {
  const { format, onChange } = props;
  return (
    <ul className={styles.helpers}>
      {HELPERS.map((helper) => {
        const next = helper.edit(format);
        const done = next === format;
        return (
          <li key={helper.id} className={styles.helper}>
            <button
              type="button"
              className={styles.button}
              disabled={done}
              onClick={() => onChange(next)}
              aria-describedby={`helper-${helper.id}`}
              data-testid={`helper-${helper.id}`}
            >
              {helper.label}
              {done && <span className={styles.done}> ✓</span>}
            </button>
            <p id={`helper-${helper.id}`} className={styles.why}>
              {helper.why}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
