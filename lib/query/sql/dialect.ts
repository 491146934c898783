/**
 * What differs between SQL engines that could answer the same filter: placeholders, a few function
 * names, and the physical columns behind each logical field. The embedded store is DuckDB; a
 * distributed engine over the same S3 data (Athena/Trino) gets its own dialect object and reuses
 * the filter -> SQL builders unchanged.
 */
import type { SortColumn, TopDimension } from '../filter';

export type SqlType = 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'UBIGINT' | 'UHUGEINT';

export interface SqlParam {
  value: string | number | bigint;
  type: SqlType;
}

export interface SqlQuery {
  sql: string;
  params: SqlParam[];
}

/** Logical columns of a stored request record. */
export type RecordColumn =
  | 'source'
  | 'time'
  | 'requestId'
  | 'extendedRequestId'
  | 'ip'
  | 'method'
  | 'route'
  | 'path'
  | 'protocol'
  | 'status'
  | 'bytes'
  | 'latencyMs'
  | 'integrationLatencyMs'
  | 'userAgent'
  | 'caller'
  | 'user'
  | 'stage'
  | 'apiId'
  | 'domainName'
  | 'errorMessage'
  | 'errorType'
  | 'wafResponseCode'
  | 'extra'
  | 'raw'
  | 'objectOffset';

/**
 * Tables of records pre-aggregated per time slot, with the records' own column names for the time
 * (the slot's start), source, method, route (+ its hash), status and latency buckets. They answer
 * aggregates over whole slots when every condition is on one of those columns.
 */
export interface RollupTables {
  /** Columns time, source, method, route, route key, status, latency bucket; n and bytes. */
  cells: string;
  /** Same keys with the overhead bucket instead of the latency bucket; n. */
  overhead: string;
  slotMs: number;
}

export interface SqlDialect {
  name: string;
  /** The records relation (a table, or a view joining the object key in). */
  recordsTable: string;
  /** Null when the engine keeps no rollups: every query reads the records. */
  rollups: RollupTables | null;
  placeholder(index: number): string;
  column(column: RecordColumn): string;
  /** 128-bit numeric form of the client IP (see lib/query/ip.ts). */
  ipNumber: string;
  /**
   * Where the store splits request ids in two physical columns (request-uuid.ts): the text column
   * and the UUID column, so an id filter compares each against its own column (and its zone maps)
   * instead of the combined text that column('requestId') reads.
   */
  requestIdColumns?: { text: string; uuid: string };
  /** Latency histogram bucket numbers (see lib/query/latency-buckets.ts). */
  latencyBucket: string;
  overheadBucket: string;
  /** Cheap grouping key for a top-N dimension (a hash for high-cardinality text) and its label. */
  dimensionKey(dimension: TopDimension): string;
  dimensionLabel(dimension: TopDimension): string;
  /** The type a key of the dimension is bound as (a top query's keys come back as text). */
  dimensionKeyType(dimension: TopDimension): SqlType;
  /**
   * A table (columns h, label) holding the label of each key of a dimension, so the aggregation
   * groups by the key alone; null when the label is aggregated along (any_value).
   */
  labelTable(dimension: TopDimension): string | null;
  /** Few distinct values: one grouped pass beats ranking first and histogramming the winners. */
  fewValues(dimension: TopDimension): boolean;
  /** Case-sensitive substring test against a bound parameter: no pattern characters at all. */
  contains(expression: string, param: string): string;
  startsWith(expression: string, param: string): string;
  endsWith(expression: string, param: string): string;
  lower(expression: string): string;
  /** LIKE with `\` as the escape character. */
  likeEscaped(expression: string, param: string): string;
  integerDivide(expression: string, divisor: string): string;
  sortExpression(column: SortColumn): string;
  /** Wraps a records query so each row also carries the key of the object it came from. */
  attachObjectKey(innerSql: string): string;
  /**
   * Free text: does the raw record contain `term` (already lower-case, bound as `param`)? Absent,
   * a plain substring test on lower(raw); raw-sql.ts supplies one for rendered raw text, which may
   * bind pieces of the term with `add`. `term` only chooses the shape of the SQL; its value goes in
   * through parameters.
   */
  rawContains?(term: string, param: string, add: (value: string) => string): string;
}

const DUCKDB_COLUMNS: Record<RecordColumn, string> = {
  source: 'source',
  time: 'time_ms',
  requestId: 'coalesce(request_id, CAST(request_uuid AS VARCHAR))',
  extendedRequestId: 'extended_request_id',
  ip: 'ip',
  method: 'method',
  route: 'route',
  path: 'path',
  protocol: 'protocol',
  status: 'status',
  bytes: 'bytes',
  latencyMs: 'latency_ms',
  integrationLatencyMs: 'integration_latency_ms',
  userAgent: 'user_agent',
  caller: 'caller',
  user: 'user_name',
  stage: 'stage',
  apiId: 'api_id',
  domainName: 'domain_name',
  errorMessage: 'error_message',
  errorType: 'error_type',
  wafResponseCode: 'waf_response_code',
  extra: 'extra',
  raw: 'raw',
  objectOffset: 'object_offset',
};

const DUCKDB_KEYS: Record<TopDimension, [key: string, label: string]> = {
  route: ['route_h', 'route'],
  path: ['path_h', 'path'],
  ip: ['ip_h', 'ip'],
  status: ['status', 'status'],
  userAgent: ['ua_h', 'user_agent'],
  method: ['method', 'method'],
  source: ['source', 'source'],
};

const DUCKDB_KEY_TYPES: Record<TopDimension, SqlType> = {
  route: 'UBIGINT',
  path: 'UBIGINT',
  ip: 'UBIGINT',
  status: 'INTEGER',
  userAgent: 'UBIGINT',
  method: 'VARCHAR',
  source: 'VARCHAR',
};

export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  recordsTable: 'records',
  // 15-minute slots: ranges over 10 hours chart 15-minute (or coarser) buckets, each a whole
  // number of slots, and a slot still folds hundreds of records into a few cells.
  rollups: { cells: 'rollup_cells', overhead: 'rollup_overhead', slotMs: 15 * 60_000 },
  placeholder: (index) => `$${index}`,
  column: (column) => DUCKDB_COLUMNS[column],
  ipNumber: 'ip_num',
  requestIdColumns: { text: 'request_id', uuid: 'request_uuid' },
  latencyBucket: 'lat_b',
  overheadBucket: 'ovh_b',
  dimensionKey: (dimension) => DUCKDB_KEYS[dimension][0],
  dimensionLabel: (dimension) => DUCKDB_KEYS[dimension][1],
  dimensionKeyType: (dimension) => DUCKDB_KEY_TYPES[dimension],
  labelTable: (dimension) => (dimension === 'route' ? 'route_labels' : null),
  fewValues: (dimension) =>
    dimension === 'route' ||
    dimension === 'status' ||
    dimension === 'method' ||
    dimension === 'source',
  contains: (expression, param) => `contains(${expression}, ${param})`,
  startsWith: (expression, param) => `starts_with(${expression}, ${param})`,
  endsWith: (expression, param) => `ends_with(${expression}, ${param})`,
  lower: (expression) => `lower(${expression})`,
  likeEscaped: (expression, param) => `${expression} LIKE ${param} ESCAPE '\\'`,
  integerDivide: (expression, divisor) => `(${expression} // ${divisor})`,
  sortExpression: (column) => DUCKDB_COLUMNS[column],
  attachObjectKey: (inner) =>
    `SELECT r.*, o.key AS object_key FROM (${inner}) r LEFT JOIN objects o ON o.id = r.object_id`,
};

/** Collects bound parameters; every user value reaches SQL only through add(). */
export class ParamList {
  readonly params: SqlParam[] = [];
  constructor(private readonly dialect: SqlDialect) {}

  add(value: string | number | bigint, type: SqlType): string {
    this.params.push({ value, type });
    return this.dialect.placeholder(this.params.length);
  }
}
