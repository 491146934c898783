'use client';
/**
 * What a format will produce and what the dashboard will make of it: a sample record exactly as
 * API Gateway writes it, three records as Firehose stores them, those records parsed back by the
 * dashboard's own format engine (on the server), and the dashboard features the format enables.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApiKind } from '@/lib/access-log-settings/context-variables';
import { describeDashboardCoverage } from '@/lib/access-log-settings/dashboard-coverage';
import {
  listUnsetVariables,
  renderSampleObject,
  renderSampleRecord,
} from '@/lib/access-log-settings/render-preview';
import type { PreviewAction, PreviewParseResult } from './action-types';
import { ParsedFields } from './parsed-fields';
import styles from './format-preview.module.css';

const SAMPLE_RECORDS = 3;
const PARSE_DELAY_MS = 300;

export function FormatPreview(props: {
  format: string;
  apiKind: ApiKind;
  previewAction: PreviewAction;
}) {
  const { format, apiKind, previewAction } = props;
  const line = useMemo(() => renderSampleRecord(format, { apiKind }), [format, apiKind]);
  const unset = useMemo(() => listUnsetVariables(format, { apiKind }), [format, apiKind]);
  const records = useMemo(() => splitSampleObject(format, apiKind), [format, apiKind]);
  const coverage = useMemo(() => describeDashboardCoverage(format), [format]);
  const [parsed, setParsed] = useState<{ key: string; result: PreviewParseResult } | null>(null);
  const key = `${apiKind}\u0000${format}`;

  useEffect(() => {
    if (format.trim() === '') return;
    let current = true;
    const timer = setTimeout(() => {
      previewAction(format, apiKind)
        .catch((error: unknown) => ({
          ok: false as const,
          message: `The preview could not be computed: ${error instanceof Error ? error.message : String(error)}`,
        }))
        .then((result) => {
          if (current) setParsed({ key: `${apiKind}\u0000${format}`, result });
        });
    }, PARSE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [format, apiKind, previewAction]);

  if (format.trim() === '') {
    return <p className="muted">Choose a preset or write a format to see a preview.</p>;
  }
  const glued = !format.endsWith('\n');
  return (
    <div className={styles.preview}>
      <h4 className={styles.heading}>One record, exactly as API Gateway writes it</h4>
      <pre className={styles.sample} data-testid="preview-line">
        {glued ? line : line.slice(0, -1)}
        {!glued && (
          <span className={styles.newline} title="newline" aria-label="newline">
            ↵
          </span>
        )}
      </pre>
      {unset.length > 0 && (
        <p className={styles.note}>
          <code>-</code> is what API Gateway writes for a variable without a value, here:{' '}
          {unset.map((name, i) => (
            <span key={name}>
              {i > 0 && ', '}
              <code>{name}</code>
            </span>
          ))}
          .
        </p>
      )}

      <h4 className={styles.heading}>
        {SAMPLE_RECORDS} records as Firehose stores them in S3{' '}
        <span className={glued ? styles.warnTag : styles.okTag}>
          {glued ? 'glued into one line' : 'one record per line'}
        </span>
      </h4>
      <pre className={`${styles.sample} ${glued ? styles.wrap : ''}`} data-testid="preview-object">
        {records.map((record, i) => (
          <span key={i} className={i % 2 === 0 ? styles.even : styles.odd}>
            {record}
          </span>
        ))}
      </pre>

      <h4 className={styles.heading}>What the dashboard reads back</h4>
      {parsed === null || parsed.key !== key ? (
        <p className="muted" aria-busy="true" data-testid="parsed-pending">
          Parsing the sample with the dashboard&apos;s format engine…
        </p>
      ) : null}
      {parsed !== null && (
        <ParsedFields result={parsed.result} stale={parsed.key !== key} expected={SAMPLE_RECORDS} />
      )}

      <h4 className={styles.heading}>Dashboard features with this format</h4>
      <div className={styles.coverage}>
        <ul className={styles.enabled} data-testid="coverage-enabled">
          {coverage.enabled.map((f) => (
            <li key={f.id} data-feature={f.id}>
              <span aria-hidden="true">✓ </span>
              {f.label}
            </li>
          ))}
        </ul>
        <ul className={styles.missing} data-testid="coverage-missing">
          {coverage.missing.map((f) => (
            <li key={f.id} data-feature={f.id}>
              <span aria-hidden="true">✗ </span>
              <strong>{f.label}:</strong> {f.whenMissing}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The sample object cut into its records (each record depends only on its index), to shade them apart. */
function splitSampleObject(format: string, apiKind: ApiKind): string[] {
  const records: string[] = [];
  let previous = '';
  for (let n = 1; n <= SAMPLE_RECORDS; n += 1) {
    const object = renderSampleObject(format, n, { apiKind });
    records.push(object.slice(previous.length));
    previous = object;
  }
  return records;
}
