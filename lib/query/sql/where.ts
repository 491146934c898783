/**
 * Filter -> WHERE clause. Values only ever enter as bound parameters; the SQL text is built from
 * constants and column names chosen by the dialect, so a hostile value cannot change the query.
 */
import { statusBounds, type FilterCondition, type LogFilter } from '../filter';
import { parseIpOrCidr } from '../ip';
import type { ResolvedRange } from '../time-range';
import type { ParamList, SqlDialect } from './dialect';
import { caseFolded } from './raw-sql';
import { isStoredAsUuid } from './request-uuid';

/** `*` and `?` are the glob's wildcards; LIKE's own `%`, `_` and `\` are matched literally. */
export function globToLike(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '%';
    else if (ch === '?') out += '_';
    else if (ch === '%' || ch === '_' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

function anyOf(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/** Rows whose request id or extended request id is one of `ids`. */
export function requestIdCondition(ids: readonly string[], p: ParamList, d: SqlDialect): string {
  const list = (column: string, values: readonly string[], cast = false) => {
    const params = values.map((v) => p.add(v, 'VARCHAR'));
    return `${column} IN (${params.map((x) => (cast ? `CAST(${x} AS UUID)` : x)).join(', ')})`;
  };
  const parts: string[] = [];
  const split = d.requestIdColumns;
  if (split) {
    const uuids = ids.filter(isStoredAsUuid);
    const texts = ids.filter((id) => !isStoredAsUuid(id));
    if (uuids.length > 0) parts.push(list(split.uuid, uuids, true));
    if (texts.length > 0) parts.push(list(split.text, texts));
  } else {
    parts.push(list(d.column('requestId'), ids));
  }
  parts.push(list(d.column('extendedRequestId'), ids));
  return `(${parts.join(' OR ')})`;
}

function conditionSql(condition: FilterCondition, p: ParamList, d: SqlDialect): string {
  const col = d.column.bind(d);
  switch (condition.field) {
    case 'source':
    case 'method':
      return `${col(condition.field)} IN (${condition.values.map((v) => p.add(v, 'VARCHAR')).join(', ')})`;
    case 'requestId':
      return requestIdCondition(condition.values, p, d);
    case 'ip':
      return anyOf(
        condition.values.map((value) => {
          const range = parseIpOrCidr(value);
          if (range === null) throw new RangeError(`not an IP or CIDR: ${value}`);
          if (range.lo === range.hi) return `${d.ipNumber} = ${p.add(range.lo, 'UHUGEINT')}`;
          return `${d.ipNumber} BETWEEN ${p.add(range.lo, 'UHUGEINT')} AND ${p.add(range.hi, 'UHUGEINT')}`;
        }),
      );
    case 'status':
      return anyOf(
        condition.values.map((value) => {
          const [lo, hi] = statusBounds(value);
          if (lo === hi) return `${col('status')} = ${p.add(lo, 'INTEGER')}`;
          return `${col('status')} BETWEEN ${p.add(lo, 'INTEGER')} AND ${p.add(hi, 'INTEGER')}`;
        }),
      );
    case 'route':
    case 'path': {
      const column = col(condition.field);
      switch (condition.match) {
        case 'exact':
          return `${column} = ${p.add(condition.value, 'VARCHAR')}`;
        case 'prefix':
          return d.startsWith(column, p.add(condition.value, 'VARCHAR'));
        case 'contains':
          return d.contains(column, p.add(condition.value, 'VARCHAR'));
        case 'glob':
          return d.likeEscaped(column, p.add(globToLike(condition.value), 'VARCHAR'));
      }
      throw new RangeError('unknown match');
    }
    case 'latency': {
      const parts: string[] = [];
      if (condition.min !== null)
        parts.push(`${col('latencyMs')} >= ${p.add(condition.min, 'DOUBLE')}`);
      if (condition.max !== null)
        parts.push(`${col('latencyMs')} <= ${p.add(condition.max, 'DOUBLE')}`);
      return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
    }
    case 'userAgent':
      // Case-insensitive: user agents are typed from memory ("mozilla", "curl").
      return d.contains(d.lower(col('userAgent')), p.add(condition.value.toLowerCase(), 'VARCHAR'));
    case 'text': {
      const term = condition.value.toLowerCase();
      const param = p.add(term, 'VARCHAR');
      if (d.rawContains) return d.rawContains(term, param, (v) => p.add(v, 'VARCHAR'));
      return d.contains(caseFolded(d, col('raw'), term), param);
    }
  }
}

/** The conditions of a filter with its range resolved, as SQL ANDed together (never empty). */
export function buildWhere(
  filter: LogFilter,
  range: ResolvedRange,
  p: ParamList,
  d: SqlDialect,
): string {
  const time = d.column('time');
  const parts = [
    `${time} >= ${p.add(range.from, 'BIGINT')}`,
    `${time} < ${p.add(range.to, 'BIGINT')}`,
  ];
  for (const condition of filter.conditions) {
    const sql = conditionSql(condition, p, d);
    // IS NOT TRUE rather than NOT: a record without the field is kept by an exclusion.
    parts.push(condition.exclude ? `(${sql}) IS NOT TRUE` : sql);
  }
  return parts.join(' AND ');
}
