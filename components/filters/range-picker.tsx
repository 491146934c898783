'use client';

import { useState, type FormEvent } from 'react';
import {
  formatDuration,
  formatTimestamp,
  formatZoneOffset,
  fromDateTimeInput,
  toDateTimeInput,
} from '@/lib/dashboard/format';
import { withRange } from '@/lib/dashboard/filter-edit';
import { widenRange } from '@/lib/dashboard/zoom';
import { RELATIVE_PRESETS } from '@/lib/query/time-range';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import ui from '@/components/ui/ui.module.css';
import styles from './filters.module.css';

/**
 * Relative presets stay relative in the URL (`range=1h` is "the last hour" whenever the link is
 * opened); a custom or zoomed range is absolute (`from`/`to`). Custom times are typed in the zone
 * the dashboard shows.
 */
export function RangePicker() {
  const { view, setFilter } = useDashboardNavigation();
  const { filter, resolved, tz, now } = view;
  const [custom, setCustom] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const active = filter.range.kind === 'relative' ? filter.range.last : null;

  const applyCustom = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = fromDateTimeInput(String(form.get('from') ?? ''), tz);
    const to = fromDateTimeInput(String(form.get('to') ?? ''), tz);
    if (from === null || to === null) return setError('Enter both times.');
    if (from >= to) return setError('"From" must be before "to".');
    if (to - from > 90 * 86_400_000) return setError('A range can span at most 90 days.');
    setError(null);
    setCustom(false);
    setFilter(withRange(filter, { kind: 'absolute', from, to }));
  };

  return (
    <div>
      <div className={styles.toolbar}>
        <div className={styles.group} role="group" aria-label="Time range">
          {RELATIVE_PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              aria-pressed={active === preset}
              onClick={() => setFilter(withRange(filter, { kind: 'relative', last: preset }))}
            >
              {preset}
            </button>
          ))}
          <button
            type="button"
            aria-pressed={filter.range.kind === 'absolute' || custom}
            aria-expanded={custom}
            onClick={() => setCustom((v) => !v)}
          >
            Custom
          </button>
        </div>
        <button
          type="button"
          className={ui.button}
          title="Zoom out: twice as long"
          onClick={() => setFilter(withRange(filter, widenRange(resolved.from, resolved.to, now)))}
        >
          Zoom out
        </button>
        <span className={styles.rangeText} data-testid="range-text">
          {active ? (
            <>
              Last <strong>{formatDuration(resolved.to - resolved.from)}</strong>:{' '}
            </>
          ) : null}
          <strong>{formatTimestamp(resolved.from, tz).slice(0, 16)}</strong> to{' '}
          <strong>{formatTimestamp(resolved.to, tz).slice(0, 16)}</strong>{' '}
          {formatZoneOffset(resolved.to, tz)}
        </span>
      </div>
      {custom && (
        <form className={styles.custom} onSubmit={applyCustom} aria-label="Custom range">
          <label className={styles.field}>
            From ({formatZoneOffset(resolved.from, tz)})
            <input
              className={styles.input}
              type="datetime-local"
              name="from"
              defaultValue={toDateTimeInput(resolved.from, tz)}
              required
            />
          </label>
          <label className={styles.field}>
            To
            <input
              className={styles.input}
              type="datetime-local"
              name="to"
              defaultValue={toDateTimeInput(resolved.to, tz)}
              required
            />
          </label>
          <button type="submit" className={ui.button}>
            Apply
          </button>
          {error && (
            <p className={styles.error} role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
