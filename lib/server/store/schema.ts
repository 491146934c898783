import 'server-only';

/**
 * The store is a cache of what S3 holds: when the layout changes, the tables are rebuilt and the
 * next sync fills them again, instead of migrating data that can be re-read.
 */
export const SCHEMA_VERSION = '10';

/** Columns of `records` that the loader writes from TSV, in file order. */
export const RECORD_LOAD_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ['source', 'VARCHAR'],
  ['time_ms', 'BIGINT'],
  // A request id is in exactly one of these: request_uuid when it is a lowercase UUID (nearly all,
  // see lib/query/sql/request-uuid.ts), request_id otherwise.
  ['request_id', 'VARCHAR'],
  ['request_uuid', 'UUID'],
  ['extended_request_id', 'VARCHAR'],
  ['ip', 'VARCHAR'],
  ['ip_num', 'UHUGEINT'],
  ['method', 'VARCHAR'],
  ['route', 'VARCHAR'],
  ['path', 'VARCHAR'],
  ['protocol', 'VARCHAR'],
  ['status', 'SMALLINT'],
  ['bytes', 'BIGINT'],
  ['latency_ms', 'DOUBLE'],
  ['integration_latency_ms', 'DOUBLE'],
  ['user_agent', 'VARCHAR'],
  ['caller', 'VARCHAR'],
  ['user_name', 'VARCHAR'],
  ['stage', 'VARCHAR'],
  ['api_id', 'VARCHAR'],
  ['domain_name', 'VARCHAR'],
  ['error_message', 'VARCHAR'],
  ['error_type', 'VARCHAR'],
  ['waf_response_code', 'VARCHAR'],
  ['extra', 'VARCHAR'],
  ['raw', 'VARCHAR'],
  ['object_id', 'INTEGER'],
  ['object_offset', 'BIGINT'],
  ['lat_b', 'SMALLINT'],
  ['ovh_b', 'SMALLINT'],
  // Set when `raw` is NULL: the template (table `templates`) that renders the record's text back
  // exactly from its columns (lib/formats/raw-render.ts).
  ['tpl', 'SMALLINT'],
];

/** Grouping keys the store derives itself (hashes make high-cardinality GROUP BY cheap). */
export const RECORD_DERIVED_COLUMNS: readonly (readonly [
  name: string,
  type: string,
  expression: string,
])[] = [
  ['route_h', 'UBIGINT', 'CASE WHEN route IS NULL THEN NULL ELSE hash(route) END'],
  ['ip_h', 'UBIGINT', 'CASE WHEN ip IS NULL THEN NULL ELSE hash(ip) END'],
  ['path_h', 'UBIGINT', 'CASE WHEN path IS NULL THEN NULL ELSE hash(path) END'],
  ['ua_h', 'UBIGINT', 'CASE WHEN user_agent IS NULL THEN NULL ELSE hash(user_agent) END'],
];

export const REJECT_LOAD_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ['object_id', 'INTEGER'],
  ['object_offset', 'BIGINT'],
  ['raw', 'VARCHAR'],
  ['reason', 'VARCHAR'],
];

function columnList(columns: readonly (readonly [string, string, ...string[]])[]): string {
  return columns.map(([name, type]) => `${name} ${type}`).join(', ');
}

export const SCHEMA_STATEMENTS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR)`,
  // One row per object version seen; an object whose ETag changed is replaced as a whole.
  `CREATE TABLE IF NOT EXISTS objects (
    id INTEGER, source VARCHAR, key VARCHAR, etag VARCHAR, size BIGINT, last_modified BIGINT,
    key_hour BIGINT, format VARCHAR, records INTEGER, rejects INTEGER, duplicates INTEGER,
    bytes BIGINT, min_time BIGINT, max_time BIGINT, loaded_at BIGINT, error VARCHAR,
    staged BOOLEAN)`,
  // Which staged records (object ids) queries see, and which are in records (staging.ts).
  `CREATE TABLE IF NOT EXISTS stage_marks (persisted INTEGER, visible INTEGER)`,
  `CREATE TABLE IF NOT EXISTS records (${columnList([...RECORD_LOAD_COLUMNS, ...RECORD_DERIVED_COLUMNS])})`,
  `CREATE TABLE IF NOT EXISTS rejects (${columnList(REJECT_LOAD_COLUMNS)})`,
  // Route text per route_h: the top-routes panel groups by the hash alone and looks its few
  // winners up here, instead of carrying the text through the aggregation (half its time).
  `CREATE TABLE IF NOT EXISTS route_labels (h UBIGINT, label VARCHAR)`,
  // User agent text per ua_h, while there are few (agent-labels.ts).
  `CREATE TABLE IF NOT EXISTS ua_labels (h UBIGINT, label VARCHAR)`,
  // Which hour prefixes were listed and when, so a query for a known range does not list again.
  `CREATE TABLE IF NOT EXISTS listings (source VARCHAR, hour BIGINT, listed_at BIGINT)`,
  // Templates that render records without a stored raw text (records.tpl).
  `CREATE TABLE IF NOT EXISTS templates (id SMALLINT, template VARCHAR)`,
  // Pre-aggregated records per time slot (see rollups.ts). Columns carry the records' names so
  // the same WHERE builder filters both; time_ms is the slot's start.
  `CREATE TABLE IF NOT EXISTS rollup_cells (
    time_ms BIGINT, source VARCHAR, method VARCHAR, route VARCHAR, route_h UBIGINT,
    status SMALLINT, lat_b SMALLINT, n BIGINT, bytes BIGINT)`,
  `CREATE TABLE IF NOT EXISTS rollup_overhead (
    time_ms BIGINT, source VARCHAR, method VARCHAR, route VARCHAR, route_h UBIGINT,
    status SMALLINT, ovh_b SMALLINT, n BIGINT)`,
];

export const DROP_STATEMENTS: readonly string[] = [
  'objects',
  'records',
  'rejects',
  'listings',
  'route_labels',
  'ua_labels',
  'templates',
  'rollup_cells',
  'rollup_overhead',
  'stage_marks',
  'meta',
].map((table) => `DROP TABLE IF EXISTS ${table}`);
