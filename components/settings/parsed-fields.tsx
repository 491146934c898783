'use client';
/** The canonical fields the format engine read from the sample records, and those that stay empty. */
import type { PreviewParseResult } from './action-types';
import styles from './format-preview.module.css';

export function ParsedFields(props: {
  result: PreviewParseResult;
  stale: boolean;
  expected: number;
}) {
  const { result, stale, expected } = props;
  if (!result.ok) {
    return (
      <p className={styles.problem} role="status" data-testid="parsed-fields-error">
        {result.message}
      </p>
    );
  }
  const missing = result.rows.filter((r) => r.missing).map((r) => r.field);
  return (
    <div className={stale ? styles.stale : undefined} data-testid="parsed-fields">
      <p className={result.recordCount === expected ? styles.note : styles.problem}>
        The format engine read {result.recordCount} of {expected} records back.
        {result.rejects.length > 0 && ' Unreadable parts:'}
      </p>
      {result.rejects.map((r, i) => (
        <p key={i} className={styles.problem}>
          {r.reason}: <code>{r.raw}</code>
        </p>
      ))}
      <div className={styles.tableWrap}>
        <table className="simple">
          <thead>
            <tr>
              <th>Field</th>
              {Array.from({ length: result.recordCount }, (_, i) => (
                <th key={i}>Record {i + 1}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows
              .filter((r) => !r.missing)
              .map((row) => (
                <tr key={row.field} data-field={row.field}>
                  <th scope="row" className="mono">
                    {row.field}
                  </th>
                  {row.values.map((v, i) => (
                    <td key={i} className={styles.value}>
                      {v ?? <span className="muted">empty</span>}
                    </td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {missing.length > 0 && (
        <p className={styles.note} data-testid="parsed-missing">
          Always empty with this format: {missing.map((f) => f).join(', ')}.
        </p>
      )}
      {result.extras.length > 0 && (
        <p className={styles.note}>
          Also kept, outside the dashboard&apos;s fields:{' '}
          {result.extras.map((e) => e.name).join(', ')}.
        </p>
      )}
    </div>
  );
}
