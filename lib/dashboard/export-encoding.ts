/**
 * Export of matching rows as CSV or NDJSON, streamed: rows are encoded as the query yields them,
 * in chunks, with the consumer's pace setting the pace (a pull stream), so an export of millions of
 * rows holds one chunk in memory, and a cancelled download stops the query.
 *
 * CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return)
 * are neutralised with a leading apostrophe: log fields are attacker-controlled (user agents, paths).
 */
import type { LogRow } from '@/lib/query/results';
import { COLUMN_IDS, type ColumnId } from './columns';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

const FORMULA_START = /^[=+\-@\t\r]/;

/** `=1+1` -> `'=1+1`; everything else unchanged. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): neutralised, then quoted when it holds a quote, comma or line break. */
export function encodeCsvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseCell(String(value));
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function encodeCsvLine(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(encodeCsvField).join(',')}\r\n`;
}

function cellValue(row: LogRow, column: ColumnId): string | number | null {
  if (column === 'time') return row.time === null ? null : new Date(row.time).toISOString();
  return row[column];
}

export function encodeCsvHeader(columns: readonly ColumnId[]): string {
  return encodeCsvLine(columns);
}

export function encodeCsvRow(row: LogRow, columns: readonly ColumnId[]): string {
  return encodeCsvLine(columns.map((c) => cellValue(row, c)));
}

/** One NDJSON line: the whole row, time as ISO text next to the epoch ms for readability. */
export function encodeNdjsonRow(row: LogRow): string {
  const iso = row.time === null ? null : new Date(row.time).toISOString();
  return `${JSON.stringify({ timeIso: iso, ...row })}\n`;
}

export interface ExportOptions {
  format: ExportFormat;
  /** CSV columns; all of them by default. */
  columns?: readonly ColumnId[];
  /** Encoded characters per chunk handed to the stream. */
  chunkChars?: number;
  /** Called once the last row is written, with the number of rows. */
  onDone?: (rows: number) => void;
}

export function createExportStream(
  rows: AsyncIterable<LogRow>,
  options: ExportOptions,
): ReadableStream<Uint8Array> {
  const columns = options.columns ?? COLUMN_IDS;
  const chunkChars = options.chunkChars ?? 64 * 1024;
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  let pending = options.format === 'csv' ? encodeCsvHeader(columns) : '';
  let count = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (pending.length < chunkChars) {
          const next = await iterator.next();
          if (next.done) {
            if (pending.length > 0) controller.enqueue(encoder.encode(pending));
            pending = '';
            controller.close();
            options.onDone?.(count);
            return;
          }
          count++;
          pending +=
            options.format === 'csv'
              ? encodeCsvRow(next.value, columns)
              : encodeNdjsonRow(next.value);
        }
        controller.enqueue(encoder.encode(pending));
        pending = '';
      } catch (error) {
        controller.error(error);
        await iterator.return?.();
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** `apigw-logs_2024-05-01T10-00-00Z_2024-05-01T11-00-00Z.csv`: safe in every file system. */
export function exportFileName(from: number, to: number, format: ExportFormat): string {
  const stamp = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/:/g, '-');
  return `apigw-logs_${stamp(from)}_${stamp(to)}.${format}`;
}
