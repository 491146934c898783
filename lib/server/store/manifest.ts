import 'server-only';
import type { ObjectRef } from '@/lib/server/sources';
import type { SqlParam } from '@/lib/query/sql/dialect';
import { runRows, toNumber, toNullableString, type Store } from './database';

/** What the store already holds of an object, by key. */
export interface ManifestEntry {
  id: number;
  etag: string;
  error: string | null;
}

export interface LoadPlan {
  /** Objects never seen, or seen with another ETag. */
  toLoad: ObjectRef[];
  /** Manifest ids of older versions that the new versions replace. */
  replacedIds: Map<string, number>;
  unchanged: number;
}

const CHUNK = 500;

export async function readManifest(
  store: Store,
  source: string,
  keys: readonly string[],
): Promise<Map<string, ManifestEntry>> {
  const entries = new Map<string, ManifestEntry>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const slice = keys.slice(i, i + CHUNK);
    const rows = await store.queryRows({
      sql: `SELECT id, key, etag, error FROM objects WHERE source = $1 AND key IN (${slice.map((_, j) => `$${j + 2}`).join(', ')})`,
      params: [
        { value: source, type: 'VARCHAR' },
        ...slice.map((key) => ({ value: key, type: 'VARCHAR' as const })),
      ],
    });
    for (const row of rows) {
      entries.set(String(row.key), {
        id: toNumber(row.id),
        etag: String(row.etag),
        error: toNullableString(row.error),
      });
    }
  }
  return entries;
}

/** Splits listed objects into new/changed (to load) and unchanged (already loaded by key + ETag). */
export async function planLoads(
  store: Store,
  source: string,
  refs: readonly ObjectRef[],
): Promise<LoadPlan> {
  const manifest = await readManifest(
    store,
    source,
    refs.map((r) => r.key),
  );
  const plan: LoadPlan = { toLoad: [], replacedIds: new Map(), unchanged: 0 };
  for (const ref of refs) {
    const entry = manifest.get(ref.key);
    if (entry && entry.etag === ref.etag) {
      plan.unchanged++;
      continue;
    }
    if (entry) plan.replacedIds.set(ref.key, entry.id);
    plan.toLoad.push(ref);
  }
  return plan;
}

/** Hours (of the given ones) that need listing: never listed, or listed before `staleBefore` and not settled. */
export async function hoursToList(
  store: Store,
  source: string,
  hours: readonly number[],
  options: { staleBefore: number; settleMs: number },
): Promise<number[]> {
  if (hours.length === 0) return [];
  const rows = await store.queryRows({
    sql: 'SELECT hour, max(listed_at) AS listed_at FROM listings WHERE source = $1 AND hour BETWEEN $2 AND $3 GROUP BY hour',
    params: [
      { value: source, type: 'VARCHAR' },
      { value: Math.min(...hours), type: 'BIGINT' },
      { value: Math.max(...hours), type: 'BIGINT' },
    ],
  });
  const listedAt = new Map(rows.map((r) => [toNumber(r.hour), toNumber(r.listed_at)]));
  return hours.filter((hour) => {
    const at = listedAt.get(hour);
    if (at === undefined) return true;
    // Once an hour is well past (Firehose buffers at most 15 minutes), its objects are final.
    const settled = at >= hour + 3_600_000 + options.settleMs;
    return !settled && at < options.staleBefore;
  });
}

export async function recordListings(
  store: Store,
  source: string,
  hours: readonly number[],
  listedAt: number,
): Promise<void> {
  if (hours.length === 0) return;
  await store.write(async (connection) => {
    await connection.run('BEGIN TRANSACTION');
    try {
      const list = hours.map((h) => Math.trunc(h)).join(', ');
      await runRows(connection, {
        sql: `DELETE FROM listings WHERE source = $1 AND hour IN (${list})`,
        params: [{ value: source, type: 'VARCHAR' }],
      });
      await runRows(connection, {
        sql: `INSERT INTO listings SELECT $1, unnest([${list}]::BIGINT[]), $2`,
        params: [
          { value: source, type: 'VARCHAR' },
          { value: Math.trunc(listedAt), type: 'BIGINT' },
        ],
      });
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  });
}

/**
 * requestIds already stored for records near the given arrival hours (one hour before, two after),
 * leaving out objects about to be replaced: a reloaded object must not look like its own duplicate.
 */
export async function storedRequestIds(
  store: Store,
  source: string,
  hours: readonly number[],
  replacedIds: readonly number[],
): Promise<string[]> {
  const distinct = [...new Set(hours)].sort((a, b) => a - b);
  if (distinct.length === 0) return [];
  // Merge neighbouring hours into intervals so the query has few, zone-map friendly conditions.
  const intervals: [number, number][] = [];
  for (const hour of distinct) {
    const from = hour - 3_600_000;
    const to = hour + 3 * 3_600_000;
    const last = intervals[intervals.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else intervals.push([from, to]);
  }
  const params: SqlParam[] = [{ value: source, type: 'VARCHAR' }];
  const add = (value: number) => {
    params.push({ value, type: 'BIGINT' });
    return `$${params.length}`;
  };
  const ranges = intervals
    .map(([from, to]) => `(time_ms >= ${add(from)} AND time_ms < ${add(to)})`)
    .join(' OR ');
  const skip =
    replacedIds.length > 0
      ? ` AND object_id NOT IN (${replacedIds.map((id) => Math.trunc(id)).join(', ')})`
      : '';
  const rows = await store.queryRows({
    sql:
      `SELECT coalesce(request_id, CAST(request_uuid AS VARCHAR)) AS request_id FROM ${store.recordsRelation} ` +
      `WHERE source = $1 AND (request_id IS NOT NULL OR request_uuid IS NOT NULL) AND (${ranges})${skip}`,
    params,
  });
  return rows.map((r) => String(r.request_id));
}
