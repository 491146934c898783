import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import { floorHour } from '@/lib/server/s3/prefix-template';
import { runRows, toNumber, type Store } from './database';
import { deleteRollupsForObjects } from './rollups';

export interface RetentionPolicy {
  /** 0 = no age bound. */
  maxAgeDays: number;
  /** 0 = no size bound. */
  maxMb: number;
}

export interface RetentionResult {
  evictedObjects: number;
  usedMbBefore: number;
  usedMbAfter: number;
}

const DAY_MS = 86_400_000;

/** Space the database file really uses (freed blocks are reused, the file does not shrink). */
export async function usedMegabytes(connection: DuckDBConnection): Promise<number> {
  const rows = await runRows(connection, {
    // The main database only (the in-memory `scratch` database is listed too).
    sql:
      'SELECT total_blocks, free_blocks, block_size FROM pragma_database_size() ' +
      'WHERE database_name = current_database()',
    params: [],
  });
  const row = rows[0];
  if (!row) return 0;
  return (
    ((toNumber(row.total_blocks) - toNumber(row.free_blocks)) * toNumber(row.block_size)) /
    (1024 * 1024)
  );
}

/**
 * Deletes whole objects (records, their rollup share, rejects, manifest rows) in one transaction;
 * forgets their listings.
 */
async function evictObjects(
  store: Store,
  connection: DuckDBConnection,
  condition: string,
  params: { value: number; type: 'BIGINT' }[],
) {
  const victims = await runRows(connection, {
    sql: `SELECT count(*) AS n, max(key_hour) AS last_hour FROM objects WHERE ${condition}`,
    params,
  });
  if (toNumber(victims[0]?.n ?? 0) === 0) return 0;
  // Records are deleted from the file: staged ones must be there first (staging.ts).
  await store.persistWith(connection);
  await connection.run('BEGIN TRANSACTION');
  try {
    const count = toNumber(victims[0].n);
    const ids = `SELECT id FROM objects WHERE ${condition}`;
    // Before the records go: the rollups of their slots are recomputed without them.
    await deleteRollupsForObjects(connection, { sql: ids, params });
    await runRows(connection, { sql: `DELETE FROM records WHERE object_id IN (${ids})`, params });
    await runRows(connection, { sql: `DELETE FROM rejects WHERE object_id IN (${ids})`, params });
    await runRows(connection, { sql: `DELETE FROM objects WHERE ${condition}`, params });
    // Listing an evicted hour again must find its objects new, should anyone ask for it.
    await runRows(connection, {
      sql: 'DELETE FROM listings WHERE hour <= $1',
      params: [{ value: floorHour(toNumber(victims[0].last_hour)), type: 'BIGINT' }],
    });
    await connection.run('COMMIT');
    return count;
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/**
 * Keeps the store within its bounds: objects whose newest record is older than the age bound go
 * first; then, while the file uses more than the size bound, the oldest objects (by arrival hour)
 * until an estimated 10% headroom is free.
 */
export async function enforceRetention(
  store: Store,
  policy: RetentionPolicy,
  now = Date.now(),
): Promise<RetentionResult> {
  return store.write(async (connection) => {
    const usedMbBefore = await usedMegabytes(connection);
    let evictedObjects = 0;
    if (policy.maxAgeDays > 0) {
      const cutoff = now - policy.maxAgeDays * DAY_MS;
      evictedObjects += await evictObjects(store, connection, 'coalesce(max_time, key_hour) < $1', [
        { value: cutoff, type: 'BIGINT' },
      ]);
    }
    if (policy.maxMb > 0 && usedMbBefore > policy.maxMb) {
      const totals = await runRows(connection, {
        sql: 'SELECT coalesce(sum(records), 0) AS n FROM objects',
        params: [],
      });
      const total = toNumber(totals[0].n);
      const share = Math.min(1, 1 - (policy.maxMb * 0.9) / usedMbBefore);
      const target = Math.ceil(total * share);
      // The arrival hour up to which the oldest objects add up to the share of records to drop.
      const boundary = await runRows(connection, {
        sql:
          'SELECT min(key_hour) AS hour FROM (SELECT key_hour, sum(records) OVER (ORDER BY key_hour, id) AS cumulative FROM objects) ' +
          'WHERE cumulative >= $1',
        params: [{ value: target, type: 'BIGINT' }],
      });
      const hour = boundary[0]?.hour;
      if (hour !== null && hour !== undefined) {
        evictedObjects += await evictObjects(store, connection, 'key_hour <= $1', [
          { value: toNumber(hour), type: 'BIGINT' },
        ]);
      }
    }
    if (evictedObjects > 0) {
      await connection.run('CHECKPOINT');
      store.dataVersion++;
    }
    return { evictedObjects, usedMbBefore, usedMbAfter: await usedMegabytes(connection) };
  });
}
