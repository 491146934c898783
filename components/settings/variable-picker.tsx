'use client';
/** A searchable list of the `$context` variables this kind of API supports; a click inserts one at the cursor. */
import { useId, useMemo, useState } from 'react';
import {
  searchContextVariables,
  type ApiKind,
  type ContextVariable,
} from '@/lib/access-log-settings/context-variables';
import styles from './variable-picker.module.css';

export function VariablePicker(props: {
  apiKind: ApiKind;
  /** Variables already in the format (marked in the list). */
  used: ReadonlySet<string>;
  onInsert: (variable: ContextVariable) => void;
}) {
  const { apiKind, used, onInsert } = props;
  const [query, setQuery] = useState('');
  const results = useMemo(() => searchContextVariables(query, apiKind), [query, apiKind]);
  const searchId = useId();
  return (
    <div className={styles.picker}>
      <label htmlFor={searchId} className={styles.label}>
        Insert a <code>$context</code> variable
      </label>
      <input
        id={searchId}
        type="search"
        className={styles.search}
        placeholder="Search: latency, user agent, error…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        data-testid="variable-search"
      />
      <p className={styles.hint} aria-live="polite">
        {results.length} variable{results.length === 1 ? '' : 's'}; click one to insert it at the
        cursor.
      </p>
      <ul className={styles.list} data-testid="variable-list">
        {results.map((variable) => (
          <li key={variable.name}>
            <button
              type="button"
              className={styles.item}
              onClick={() => onInsert(variable)}
              data-variable={variable.name}
            >
              <span className={styles.name}>
                {variable.name}
                {used.has(variable.name) && <span className={styles.used}> in format</span>}
              </span>
              <span className={styles.description}>{variable.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
