'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  addCondition,
  describeCondition,
  FILTER_INPUTS,
  invertCondition,
  parseConditionInput,
  removeCondition,
  type FilterInputParam,
} from '@/lib/dashboard/filter-edit';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import ui from '@/components/ui/ui.module.css';
import styles from './filters.module.css';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  );
}

/** `/` anywhere on the page (outside a text field) focuses the search box, as in GitHub or Kibana. */
function useSlashFocus(target: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      event.preventDefault();
      target.current?.focus();
      target.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [target]);
}

/**
 * The active conditions as chips (invert, remove) and one form to add any kind of condition; the
 * default kind is free text, so typing and Enter searches the raw records.
 */
export function FilterBar() {
  const { view, setFilter } = useDashboardNavigation();
  const { filter } = view;
  const input = useRef<HTMLInputElement>(null);
  const [param, setParam] = useState<FilterInputParam>('q');
  const [exclude, setExclude] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useSlashFocus(input);

  const placeholder = FILTER_INPUTS.find((f) => f.param === param)?.placeholder ?? '';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = input.current?.value ?? '';
    const parsed = parseConditionInput(param, text, exclude);
    if (!parsed.ok) return setError(parsed.error);
    setError(null);
    if (input.current) input.current.value = '';
    setFilter(addCondition(filter, parsed.condition));
  };

  return (
    <div className={styles.filterBar}>
      <form className={styles.addForm} onSubmit={submit} role="search" aria-label="Add a filter">
        <select
          className={styles.select}
          aria-label="Field"
          value={param}
          onChange={(e) => setParam(e.target.value as FilterInputParam)}
          data-testid="filter-field"
        >
          {FILTER_INPUTS.map((f) => (
            <option key={f.param} value={f.param}>
              {f.label}
            </option>
          ))}
        </select>
        <select
          className={styles.select}
          aria-label="Include or exclude"
          value={exclude ? 'exclude' : 'include'}
          onChange={(e) => setExclude(e.target.value === 'exclude')}
          data-testid="filter-mode"
        >
          <option value="include">include</option>
          <option value="exclude">exclude</option>
        </select>
        <div className={styles.search}>
          <input
            ref={input}
            className={styles.input}
            type="search"
            name="value"
            aria-label="Filter value"
            placeholder={placeholder}
            autoComplete="off"
            spellCheck={false}
            data-testid="search-box"
            onChange={() => error && setError(null)}
          />
          <span className={styles.kbd} aria-hidden="true">
            /
          </span>
        </div>
        <button type="submit" className={ui.button} data-testid="filter-add">
          Add filter
        </button>
        {error && (
          <p className={styles.error} role="alert" data-testid="filter-error">
            {error}
          </p>
        )}
      </form>
      {filter.conditions.length > 0 && (
        <ul className={styles.chips} aria-label="Active filters" data-testid="filter-chips">
          {filter.conditions.map((condition, index) => {
            const label = describeCondition(condition);
            const words = `${label.field} ${label.operator} ${label.value}`;
            return (
              <li
                key={`${index}:${JSON.stringify(condition)}`}
                className={styles.chip}
                data-exclude={condition.exclude ? 'true' : 'false'}
                data-testid="filter-chip"
                title={words}
              >
                <span className={styles.chipField}>{label.field}</span>
                <span className={styles.chipOp}>{label.operator}</span>
                <span className={styles.chipValue}>{label.value}</span>
                <button
                  type="button"
                  className={ui.iconButton}
                  aria-label={`${condition.exclude ? 'Include' : 'Exclude'} instead: ${words}`}
                  title={condition.exclude ? 'Include instead' : 'Exclude instead'}
                  onClick={() => setFilter(invertCondition(filter, index))}
                >
                  ⇄
                </button>
                <button
                  type="button"
                  className={ui.iconButton}
                  aria-label={`Remove filter: ${words}`}
                  title="Remove"
                  onClick={() => setFilter(removeCondition(filter, index))}
                >
                  ×
                </button>
              </li>
            );
          })}
          {filter.conditions.length > 1 && (
            <li>
              <button
                type="button"
                className={styles.clear}
                onClick={() => setFilter({ ...filter, conditions: [] })}
              >
                Clear all
              </button>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
