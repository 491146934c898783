import { COLUMN_IDS, COLUMN_LABELS } from '@/lib/dashboard/columns';
import { formatBytes, formatMs, formatTimestamp, formatZoneOffset } from '@/lib/dashboard/format';
import type { LogRow } from '@/lib/query/results';
import { StatusBadge } from '@/components/data-table/status-badge';
import { CopyButton } from '@/components/ui/copy-button';
import styles from './record-detail.module.css';

/** The link that opens exactly this request: its id, and its time so the right hours get loaded. */
export function requestHref(row: Pick<LogRow, 'requestId' | 'time'>): string | null {
  if (!row.requestId) return null;
  const t = row.time === null ? '' : `?t=${row.time}`;
  return `/requests/${encodeURIComponent(row.requestId)}${t}`;
}

function valueText(id: (typeof COLUMN_IDS)[number], row: LogRow, tz: string): string | null {
  const value = row[id];
  if (value === null || value === undefined || value === '') return null;
  if (id === 'time')
    return `${formatTimestamp(row.time, tz)} ${formatZoneOffset(row.time ?? 0, tz)}`;
  if (id === 'latencyMs' || id === 'integrationLatencyMs') return formatMs(value as number);
  if (id === 'bytes') return `${value} (${formatBytes(value as number)})`;
  return String(value);
}

/**
 * Every field of one request, the extra `$context` variables, the record exactly as logged, and
 * where it came from (S3 object key and byte offset). All of it is rendered as text: these values
 * come from clients and may hold markup.
 */
export function RecordDetail({ row, tz }: { row: LogRow; tz: string }) {
  const href = requestHref(row);
  const overhead =
    row.latencyMs !== null && row.integrationLatencyMs !== null
      ? row.latencyMs - row.integrationLatencyMs
      : null;
  return (
    <div className={styles.detail} data-testid="record-detail">
      <div className={styles.headline}>
        <StatusBadge status={row.status} />
        <span className={styles.method}>{row.method ?? '–'}</span>
        <span className={styles.path} data-testid="detail-path">
          {row.path ?? row.route ?? '–'}
        </span>
      </div>
      <div className={styles.actions}>
        {href && (
          <CopyButton
            text={href}
            absolute
            label="Copy link to this request"
            testId="copy-request-link"
          />
        )}
        {row.requestId && <CopyButton text={row.requestId} label="Copy request ID" />}
        {row.extendedRequestId && (
          <CopyButton text={row.extendedRequestId} label="Copy extended ID (for AWS Support)" />
        )}
        {href && (
          <a href={href} className={styles.permalink} data-testid="request-permalink">
            Open on its own page
          </a>
        )}
      </div>
      <dl className={styles.fields}>
        {COLUMN_IDS.map((id) => {
          const text = valueText(id, row, tz);
          if (text === null) return null;
          return (
            <div key={id} className={styles.field} data-field={id}>
              <dt>{COLUMN_LABELS[id]}</dt>
              <dd>{text}</dd>
            </div>
          );
        })}
        {overhead !== null && (
          <div className={styles.field} data-field="overhead">
            <dt>Gateway overhead</dt>
            <dd>{formatMs(overhead)}</dd>
          </div>
        )}
        {row.time !== null && tz !== 'UTC' && (
          <div className={styles.field}>
            <dt>Time (UTC)</dt>
            <dd>{formatTimestamp(row.time, 'UTC')}</dd>
          </div>
        )}
        <div className={styles.field}>
          <dt>Byte offset in object</dt>
          <dd>{row.objectOffset}</dd>
        </div>
        {Object.entries(row.extra ?? {}).map(([name, value]) => (
          <div key={name} className={styles.field} data-field={name}>
            <dt className={styles.variable}>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3 className={styles.heading}>Raw record</h3>
      <pre className={styles.raw} data-testid="detail-raw">
        {row.raw}
      </pre>
    </div>
  );
}
