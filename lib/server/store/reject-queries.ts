import 'server-only';
import type { LogFilter, RowPage } from '@/lib/query/filter';
import type { RejectPage } from '@/lib/query/results';
import { ParamList, type SqlDialect, type SqlQuery } from '@/lib/query/sql/dialect';
import type { ResolvedRange } from '@/lib/query/time-range';
import { toNumber, type Row } from './database';

const HOUR_MS = 3_600_000;

/** Rejects of the objects that can hold records of the range (same neighbour-hour rule as listing). */
function rejectsWhere(filter: LogFilter, range: ResolvedRange, p: ParamList): string {
  const parts = [
    `o.key_hour >= ${p.add(Math.floor(range.from / HOUR_MS) * HOUR_MS - HOUR_MS, 'BIGINT')}`,
    `o.key_hour < ${p.add(range.to + HOUR_MS, 'BIGINT')}`,
  ];
  for (const condition of filter.conditions) {
    if (condition.field !== 'source') continue;
    const list = `o.source IN (${condition.values.map((v) => p.add(v, 'VARCHAR')).join(', ')})`;
    parts.push(condition.exclude ? `NOT (${list})` : list);
  }
  return parts.join(' AND ');
}

/** How many rejects the range's objects hold (column n). */
export function buildRejectCountQuery(
  d: SqlDialect,
  filter: LogFilter,
  range: ResolvedRange,
): SqlQuery {
  const p = new ParamList(d);
  const where = rejectsWhere(filter, range, p);
  return {
    sql: `SELECT count(*) AS n FROM rejects j JOIN objects o ON o.id = j.object_id WHERE ${where}`,
    params: p.params,
  };
}

/** One page of the range's rejects, newest objects first, in object order. */
export function buildRejectPageQuery(
  d: SqlDialect,
  filter: LogFilter,
  range: ResolvedRange,
  page: RowPage,
): SqlQuery {
  const p = new ParamList(d);
  const where = rejectsWhere(filter, range, p);
  const sql =
    `SELECT o.source AS source, o.key AS key, j.object_offset AS "offset", j.raw AS raw, j.reason AS reason ` +
    `FROM rejects j JOIN objects o ON o.id = j.object_id WHERE ${where} ` +
    `ORDER BY o.key_hour DESC, o.key, j.object_offset LIMIT ${p.add(page.size, 'BIGINT')} OFFSET ${p.add(page.index * page.size, 'BIGINT')}`;
  return { sql, params: p.params };
}

export function toRejectRow(r: Row): RejectPage['rows'][number] {
  return {
    source: String(r.source),
    objectKey: String(r.key),
    offset: toNumber(r.offset),
    raw: String(r.raw ?? ''),
    reason: String(r.reason ?? ''),
  };
}
