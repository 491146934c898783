/**
 * The table's columns as data: ids (the LogRow field each shows), labels, which can be sorted by
 * the server, and which values become a filter when clicked. The column chooser, the `cols` URL
 * parameter, the CSV export header and the detail panel all read this list.
 */
import {
  conditionSchema,
  SORT_COLUMNS,
  type FilterCondition,
  type SortColumn,
} from '@/lib/query/filter';
import type { LogRow } from '@/lib/query/results';

export const COLUMN_IDS = [
  'time',
  'status',
  'method',
  'route',
  'path',
  'ip',
  'latencyMs',
  'integrationLatencyMs',
  'bytes',
  'userAgent',
  'requestId',
  'extendedRequestId',
  'protocol',
  'source',
  'stage',
  'apiId',
  'domainName',
  'caller',
  'user',
  'errorMessage',
  'errorType',
  'wafResponseCode',
  'objectKey',
] as const satisfies readonly (keyof LogRow)[];

export type ColumnId = (typeof COLUMN_IDS)[number];

export const COLUMN_LABELS: Record<ColumnId, string> = {
  time: 'Time',
  status: 'Status',
  method: 'Method',
  route: 'Route',
  path: 'Path',
  ip: 'Client IP',
  latencyMs: 'Latency',
  integrationLatencyMs: 'Integration',
  bytes: 'Bytes',
  userAgent: 'User agent',
  requestId: 'Request ID',
  extendedRequestId: 'Extended request ID',
  protocol: 'Protocol',
  source: 'Source',
  stage: 'Stage',
  apiId: 'API ID',
  domainName: 'Domain',
  caller: 'Caller',
  user: 'User',
  errorMessage: 'Error message',
  errorType: 'Error type',
  wafResponseCode: 'WAF response',
  objectKey: 'S3 object',
};

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'time',
  'status',
  'method',
  'path',
  'ip',
  'latencyMs',
  'bytes',
  'userAgent',
];

/** Right-aligned, tabular digits. */
export const NUMERIC_COLUMNS: ReadonlySet<ColumnId> = new Set([
  'status',
  'latencyMs',
  'integrationLatencyMs',
  'bytes',
]);

export function sortColumnOf(id: ColumnId): SortColumn | null {
  return (SORT_COLUMNS as readonly string[]).includes(id) ? (id as SortColumn) : null;
}

export function isColumnId(value: string): value is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(value);
}

export interface ParsedColumns {
  columns: ColumnId[];
  problems: string[];
}

/** `cols=time,status,path`; unknown names are reported and skipped, an empty result falls back. */
export function parseColumnsParam(raw: string | null): ParsedColumns {
  if (raw === null || raw.trim() === '') return { columns: [...DEFAULT_COLUMNS], problems: [] };
  const columns: ColumnId[] = [];
  const unknown: string[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim();
    if (name === '') continue;
    if (isColumnId(name)) {
      if (!columns.includes(name)) columns.push(name);
    } else unknown.push(name);
  }
  const problems =
    unknown.length === 0
      ? []
      : [
          `cols=${JSON.stringify(raw)}: unknown column ${unknown.map((u) => JSON.stringify(u)).join(', ')}; columns are ${COLUMN_IDS.join(', ')}`,
        ];
  return { columns: columns.length === 0 ? [...DEFAULT_COLUMNS] : columns, problems };
}

/** The `cols` value for a column list; null (parameter absent) for the default list. */
export function columnsToParam(columns: readonly ColumnId[]): string | null {
  const same =
    columns.length === DEFAULT_COLUMNS.length && columns.every((c, i) => c === DEFAULT_COLUMNS[i]);
  return same ? null : columns.join(',');
}

/** Shows or hides one column, keeping the canonical column order. */
export function toggleColumn(columns: readonly ColumnId[], id: ColumnId): ColumnId[] {
  const next = columns.includes(id) ? columns.filter((c) => c !== id) : [...columns, id];
  return COLUMN_IDS.filter((c) => next.includes(c));
}

function candidateFor(id: ColumnId, text: string, exclude: boolean): unknown {
  switch (id) {
    case 'ip':
    case 'method':
    case 'source':
    case 'status':
      return { field: id, values: [text], exclude };
    case 'requestId':
    case 'extendedRequestId':
      return { field: 'requestId', values: [text], exclude };
    case 'route':
    case 'path':
      return { field: id, match: 'exact', value: text, exclude };
    case 'userAgent':
      return { field: 'userAgent', value: text, exclude };
    default:
      return null;
  }
}

/**
 * The filter a clicked cell value stands for; null where a value is not a useful filter (time,
 * byte counts), is missing, or could not be a filter (an over-long or comma-bearing id).
 */
export function conditionForValue(
  id: ColumnId,
  row: LogRow,
  exclude: boolean,
): FilterCondition | null {
  const value = row[id];
  if (value === null || value === undefined || value === '') return null;
  const candidate = candidateFor(id, String(value), exclude);
  if (candidate === null) return null;
  const parsed = conditionSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** What the table needs of a row: everything but the raw text and extra variables (the detail panel has those). */
export type TableRow = Omit<LogRow, 'raw' | 'extra'>;

export function toTableRow(row: LogRow): TableRow {
  const { raw: _raw, extra: _extra, ...rest } = row;
  return rest;
}
