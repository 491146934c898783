'use client';
/**
 * The format text box. The trailing newline is a checkbox (see editor-model); Enter is ignored
 * because AWS refuses a line break anywhere else, while a pasted one is kept and reported.
 */
import type { RefObject } from 'react';
import { MAX_FORMAT_LENGTH, type Issue } from '@/lib/access-log-settings/validate-format';
import { joinEditorValue, splitEditorValue } from './editor-model';
import { FieldIssues } from './field-issues';
import styles from './format-editor.module.css';

export function FormatEditor(props: {
  value: string;
  onChange: (format: string) => void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  onFocus?: () => void;
  errors: Issue[];
  warnings: Issue[];
}) {
  const { value, onChange, textareaRef, onFocus, errors, warnings } = props;
  const { text, newline } = splitEditorValue(value);
  const tooLong = value.length > MAX_FORMAT_LENGTH;
  return (
    <div className={styles.field}>
      <label htmlFor="format-input" className={styles.label}>
        Format
      </label>
      <textarea
        id="format-input"
        ref={textareaRef}
        className={styles.textarea}
        value={text}
        rows={6}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        aria-invalid={errors.length > 0}
        aria-describedby="format-issues format-count"
        data-testid="format-input"
        onFocus={onFocus}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.preventDefault();
        }}
        onChange={(e) => onChange(joinEditorValue({ text: e.target.value, newline }))}
      />
      <div className={styles.meta}>
        <label className={styles.checkbox}>
          <input
            type="checkbox"
            checked={newline}
            data-testid="newline-checkbox"
            onChange={(e) => onChange(joinEditorValue({ text, newline: e.target.checked }))}
          />
          Each record ends with a newline
        </label>
        <span id="format-count" className={tooLong ? styles.over : styles.count}>
          {value.length} / {MAX_FORMAT_LENGTH} characters
        </span>
      </div>
      <FieldIssues id="format-issues" errors={errors} warnings={warnings} testId="format-issues" />
    </div>
  );
}
