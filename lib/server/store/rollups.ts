import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbDialect, type SqlQuery } from '@/lib/query/sql/dialect';
import type { Store } from './database';
import { runRows, toNumber } from './sql-rows';

/**
 * Rollups: the records pre-aggregated per time slot (rollup_cells: count and bytes per source,
 * method, route, status and latency bucket; rollup_overhead: count per overhead bucket), so the
 * charts, the summary and the few-value top-N panels of a long range read thousands of cells
 * instead of millions of records (lib/query/sql/rollup-plan.ts decides when they can).
 *
 * The invariant: the rollup rows of a slot are exactly the aggregate of the records in that slot.
 * Every change to the records recomputes the slots it touched from the records, in the same
 * transaction, so a rollback takes both back and a reader never sees one without the other.
 * Recomputing whole slots (rather than keeping rows per object) keeps a slot's cells together:
 * objects hold about five minutes of records each, and cells per object would be several times
 * more rows to read.
 */
const SLOT_MS = (duckdbDialect.rollups ?? { slotMs: 15 * 60_000 }).slotMs;
const SLOT = `((time_ms // ${SLOT_MS}) * ${SLOT_MS})`;
const KEYS = 'source, method, route, route_h, status';

/** Slot starts (null: records without a time) that the selected records (of `records`) fall in. */
async function slotsOf(
  connection: DuckDBConnection,
  where: SqlQuery,
  records = 'records',
): Promise<(number | null)[]> {
  const rows = await runRows(connection, {
    sql: `SELECT DISTINCT ${SLOT} AS slot FROM ${records} WHERE ${where.sql}`,
    params: where.params,
  });
  return rows.map((r) => (r.slot === null ? null : toNumber(r.slot)));
}

/** A time condition covering exactly the given slots: consecutive slots merge into one range. */
export function slotCondition(slots: readonly (number | null)[]): string {
  const starts = [...new Set(slots.filter((s): s is number => s !== null))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < starts.length;) {
    let j = i;
    while (j + 1 < starts.length && starts[j + 1] === starts[j] + SLOT_MS) j++;
    // Integers from the database, written as literals: no user text reaches this SQL.
    parts.push(
      `(time_ms >= ${Math.trunc(starts[i])} AND time_ms < ${Math.trunc(starts[j]) + SLOT_MS})`,
    );
    i = j + 1;
  }
  if (slots.includes(null)) parts.push('time_ms IS NULL');
  return parts.length === 0 ? 'false' : `(${parts.join(' OR ')})`;
}

/**
 * Replaces the rollup rows of the slots by the aggregate of their records (minus the records
 * selected by `without`, which are about to be deleted).
 */
async function recomputeSlots(
  connection: DuckDBConnection,
  slots: readonly (number | null)[],
  without?: SqlQuery,
): Promise<void> {
  if (slots.length === 0) return;
  const inSlots = slotCondition(slots);
  await connection.run(`DELETE FROM rollup_cells WHERE ${inSlots}`);
  await connection.run(`DELETE FROM rollup_overhead WHERE ${inSlots}`);
  const where = without ? `${inSlots} AND NOT (${without.sql})` : inSlots;
  const params = without?.params ?? [];
  await runRows(connection, {
    sql:
      `INSERT INTO rollup_cells SELECT ${SLOT}, ${KEYS}, lat_b, count(*), sum(bytes) ` +
      `FROM records WHERE ${where} GROUP BY ALL`,
    params,
  });
  await runRows(connection, {
    sql:
      `INSERT INTO rollup_overhead SELECT ${SLOT}, ${KEYS}, ovh_b, count(*) ` +
      `FROM records WHERE ${where} AND ovh_b IS NOT NULL GROUP BY ALL`,
    params,
  });
}

/**
 * Call inside the load transaction right after a batch's records are inserted, with the batch's
 * object id range: recomputes the slots its records fall in.
 */
export async function updateRollupsForObjects(
  connection: DuckDBConnection,
  firstObjectId: number,
  lastObjectId: number,
): Promise<void> {
  const batch: SqlQuery = {
    sql: 'object_id BETWEEN $1 AND $2',
    params: [
      { value: Math.trunc(firstObjectId), type: 'INTEGER' },
      { value: Math.trunc(lastObjectId), type: 'INTEGER' },
    ],
  };
  await recomputeSlots(connection, await slotsOf(connection, batch));
}

/**
 * Call inside the transaction that moved records into the table from `moved` (the stage, see
 * staging.ts): recomputes the slots those records fall in.
 */
export async function updateRollupsForMoved(
  connection: DuckDBConnection,
  moved: string,
  where: string,
): Promise<void> {
  await recomputeSlots(connection, await slotsOf(connection, { sql: where, params: [] }, moved));
}

/**
 * Call inside the transaction BEFORE deleting the records of objects (replaced or evicted):
 * recomputes the slots they touch without them. `objects`: ids, or a query selecting ids.
 */
export async function deleteRollupsForObjects(
  connection: DuckDBConnection,
  objects: readonly number[] | SqlQuery,
): Promise<void> {
  let victims: SqlQuery;
  if (Array.isArray(objects)) {
    if (objects.length === 0) return;
    victims = {
      sql: `object_id IN (${objects.map((id) => Math.trunc(id)).join(', ')})`,
      params: [],
    };
  } else {
    const query = objects as SqlQuery;
    victims = { sql: `object_id IN (${query.sql})`, params: query.params };
  }
  await recomputeSlots(connection, await slotsOf(connection, victims), victims);
}

/** Rebuilds every rollup from the records (tests, and stores loaded before rollups existed). */
export async function rebuildRollups(connection: DuckDBConnection): Promise<void> {
  await connection.run('DELETE FROM rollup_cells');
  await connection.run('DELETE FROM rollup_overhead');
  const slots = await slotsOf(connection, { sql: 'true', params: [] });
  await recomputeSlots(connection, slots);
}

/**
 * A cheap check that the loader kept the rollups: they count as many records as the table holds.
 * The engine reads records alone while this fails (say, a store written by a loader that does not
 * maintain them), which is slower but never wrong.
 */
export async function rollupsCoverRecords(
  connection: DuckDBConnection,
  records = 'records',
): Promise<boolean> {
  const rows = await runRows(connection, {
    sql:
      `SELECT (SELECT count(*) FROM ${records}) AS records, ` +
      '(SELECT coalesce(sum(n), 0) FROM rollup_cells) AS cells',
    params: [],
  });
  return toNumber(rows[0]?.records ?? 0) === toNumber(rows[0]?.cells ?? 0);
}

/** rollupsCoverRecords, asked once per data version of the store. */
export class RollupCheck {
  private last: { version: number; ok: Promise<boolean> } | null = null;

  constructor(private readonly store: Store) {}

  ready(): Promise<boolean> {
    const version = this.store.dataVersion;
    if (this.last?.version !== version) {
      const records = this.store.recordsRelation;
      const ok = this.store
        .read((connection) => rollupsCoverRecords(connection, records))
        .catch(() => false);
      this.last = { version, ok };
    }
    return this.last.ok;
  }
}
