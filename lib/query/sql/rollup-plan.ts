/**
 * When an aggregate can read the rollup tables instead of the records: every condition is on a
 * column the rollups keep, and the range holds at least one whole slot. The whole slots come from
 * the rollups, the partial slots at either end from the records, so the answer is exact for any
 * range (the edges are at most two slots of records, cheap with the time zone maps).
 */
import type { FilterField, LogFilter } from '../filter';
import type { ResolvedRange } from '../time-range';
import type { RollupTables, SqlDialect } from './dialect';

/** Conditions on these fields read columns the rollup tables carry under the same names. */
const ROLLUP_FIELDS: ReadonlySet<FilterField> = new Set(['source', 'method', 'route', 'status']);

export interface RollupPlan {
  tables: RollupTables;
  /** Whole slots, read from the rollups. */
  interior: ResolvedRange;
  /** What is left of the range at either end (0 to 2 parts), read from the records. */
  edges: ResolvedRange[];
}

export function rollupAnswers(filter: LogFilter): boolean {
  return filter.conditions.every((c) => ROLLUP_FIELDS.has(c.field));
}

/**
 * The split of a range for a rollup read, or null when the records must answer alone.
 * `bucketMs`: the time buckets the result is grouped by (a slot must not straddle two), or null
 * for results without a time axis.
 */
export function planRollup(
  d: SqlDialect,
  filter: LogFilter,
  range: ResolvedRange,
  bucketMs: number | null,
): RollupPlan | null {
  const tables = d.rollups;
  if (tables === null || !rollupAnswers(filter)) return null;
  const slot = tables.slotMs;
  if (bucketMs !== null && bucketMs % slot !== 0) return null;
  const from = Math.ceil(range.from / slot) * slot;
  const to = Math.floor(range.to / slot) * slot;
  if (to <= from) return null;
  const edges: ResolvedRange[] = [];
  if (range.from < from) edges.push({ from: range.from, to: from });
  if (to < range.to) edges.push({ from: to, to: range.to });
  return { tables, interior: { from, to }, edges };
}

/** The ranges the records are read for: the plan's edges, or the whole range without a plan. */
export function recordRanges(plan: RollupPlan | null, range: ResolvedRange): ResolvedRange[] {
  return plan === null ? [range] : plan.edges;
}

/**
 * Parts that each yield the same columns, pre-aggregated; re-aggregated by `outer` (a SELECT ...
 * FROM with the grouping to add) when there is more than one.
 */
export function unionParts(parts: readonly string[], outer: (inner: string) => string): string {
  if (parts.length === 1) return parts[0];
  return outer(`(${parts.join(' UNION ALL ')})`);
}
