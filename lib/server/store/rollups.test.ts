import 'server-only';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openTempStore, type TempStore } from '@/lib/server/sync/test-fixtures';
import { runRows, toNumber } from './database';
import { enforceRetention } from './retention';
import {
  deleteRollupsForObjects,
  rollupsCoverRecords,
  slotCondition,
  updateRollupsForObjects,
} from './rollups';

/**
 * The rollup invariant under every change the store makes: the cells of each slot are exactly the
 * aggregate of its records, once per key (no double counting when batches share a slot).
 */
const SLOT = 15 * 60_000;
const T0 = Date.UTC(2024, 4, 1);
let temp: TempStore;

beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.close();
});

/** `count` records of one object, spread over `spanMs` from `start`, varied keys. */
async function insertObject(objectId: number, start: number, count: number, spanMs: number) {
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const time = start + Math.floor((i * spanMs) / count);
    const status = [200, 200, 404, 503, 301][(i + objectId) % 5];
    const method = i % 3 === 0 ? "'POST'" : "'GET'";
    const route = i % 4 === 0 ? 'NULL' : `'/r/${i % 7}'`;
    const lat = i % 6 === 0 ? 'NULL' : String(i % 40);
    const ovh = i % 5 === 0 ? 'NULL' : String(i % 3);
    rows.push(
      `('s${objectId % 2}', ${time}, ${method}, ${route}, ${status}, ${i * 10}, ${objectId}, ${i}, ${lat}, ${ovh})`,
    );
  }
  await temp.store.writer.run(
    `INSERT INTO records (source, time_ms, method, route, status, bytes, object_id, object_offset, lat_b, ovh_b) ` +
      `VALUES ${rows.join(', ')}`,
  );
  // The loader derives route_h with DuckDB's hash(); so does the test.
  await temp.store.writer.run(
    `UPDATE records SET route_h = hash(route) WHERE route IS NOT NULL AND object_id = ${objectId}`,
  );
}

const query = async (sql: string) =>
  (await runRows(temp.store.writer, { sql, params: [] })).map((r) =>
    Object.values(r).map((v) => (typeof v === 'bigint' ? Number(v) : v)),
  );

async function expectConsistent() {
  const slot = `(time_ms // ${SLOT}) * ${SLOT}`;
  const keys = 'source, method, route, route_h, status';
  expect(
    await query(`SELECT time_ms, ${keys}, lat_b, n, bytes FROM rollup_cells ORDER BY ALL`),
  ).toEqual(
    await query(
      `SELECT ${slot}, ${keys}, lat_b, count(*), sum(bytes) FROM records GROUP BY ALL ORDER BY ALL`,
    ),
  );
  expect(
    await query(`SELECT time_ms, ${keys}, ovh_b, n FROM rollup_overhead ORDER BY ALL`),
  ).toEqual(
    await query(
      `SELECT ${slot}, ${keys}, ovh_b, count(*) FROM records WHERE ovh_b IS NOT NULL GROUP BY ALL ORDER BY ALL`,
    ),
  );
  expect(await rollupsCoverRecords(temp.store.writer)).toBe(true);
}

test('batches sharing slots are folded into one set of cells per slot', async () => {
  await insertObject(1, T0, 300, 20 * 60_000);
  await insertObject(2, T0 + 10 * 60_000, 300, 5 * 60_000);
  await updateRollupsForObjects(temp.store.writer, 1, 2);
  await expectConsistent();
  // A later batch lands in slots the first one already filled, and in a slot far away.
  await insertObject(3, T0 + 5 * 60_000, 200, 30 * 60_000);
  await insertObject(4, T0 + 50 * SLOT, 50, 60_000);
  await updateRollupsForObjects(temp.store.writer, 3, 4);
  await expectConsistent();
  expect(await query('SELECT sum(n) FROM rollup_cells')).toEqual([[850]]);
});

test('replaced or evicted objects leave their slots as if never loaded', async () => {
  for (let id = 1; id <= 4; id++) await insertObject(id, T0 + id * 7 * 60_000, 200, 10 * 60_000);
  await updateRollupsForObjects(temp.store.writer, 1, 4);
  // Replacement: ids given directly, before the records go.
  await deleteRollupsForObjects(temp.store.writer, [2]);
  await temp.store.writer.run('DELETE FROM records WHERE object_id = 2');
  await expectConsistent();
  // Eviction: ids chosen by a query with parameters, as retention does.
  await deleteRollupsForObjects(temp.store.writer, {
    sql: 'SELECT DISTINCT object_id FROM records WHERE object_id >= $1',
    params: [{ value: 4, type: 'BIGINT' }],
  });
  await temp.store.writer.run('DELETE FROM records WHERE object_id >= 4');
  await expectConsistent();
  await deleteRollupsForObjects(temp.store.writer, []);
  await expectConsistent();
});

test('retention evicts the rollup share of old objects with their records', async () => {
  const DAY = 86_400_000;
  for (let id = 1; id <= 3; id++) {
    const start = T0 + (id - 1) * DAY + 5 * 60_000;
    await insertObject(id, start, 100, 30 * 60_000);
    await temp.store.writer.run(
      `INSERT INTO objects (id, source, key, key_hour, records, max_time) VALUES (${id}, 's', 'k${id}', ${start - 5 * 60_000}, 100, ${start + 30 * 60_000})`,
    );
  }
  await updateRollupsForObjects(temp.store.writer, 1, 3);
  const result = await enforceRetention(
    temp.store,
    { maxAgeDays: 1, maxMb: 0 },
    T0 + 2 * DAY + 3_600_000,
  );
  expect(result.evictedObjects).toBe(2);
  await expectConsistent();
  expect(await query('SELECT sum(n) FROM rollup_cells')).toEqual([[100]]);
});

test('a rolled-back batch takes its rollup changes back with it', async () => {
  await insertObject(1, T0, 100, 40 * 60_000);
  await updateRollupsForObjects(temp.store.writer, 1, 1);
  const before = await query('SELECT * FROM rollup_cells ORDER BY ALL');
  await temp.store.writer.run('BEGIN TRANSACTION');
  await insertObject(2, T0 + 60_000, 100, 40 * 60_000);
  await updateRollupsForObjects(temp.store.writer, 2, 2);
  await temp.store.writer.run('ROLLBACK');
  expect(await query('SELECT * FROM rollup_cells ORDER BY ALL')).toEqual(before);
  await expectConsistent();
});

test('records loaded without updating the rollups are noticed', async () => {
  await insertObject(1, T0, 100, 60_000);
  await updateRollupsForObjects(temp.store.writer, 1, 1);
  expect(await rollupsCoverRecords(temp.store.writer)).toBe(true);
  await insertObject(2, T0, 10, 60_000);
  expect(await rollupsCoverRecords(temp.store.writer)).toBe(false);
  const total = await runRows(temp.store.writer, {
    sql: 'SELECT count(*) AS n FROM records',
    params: [],
  });
  expect(toNumber(total[0].n)).toBe(110);
});

test('slot conditions merge neighbouring slots and keep records without a time', () => {
  expect(slotCondition([2 * SLOT, SLOT, 5 * SLOT, null, SLOT])).toBe(
    `((time_ms >= ${SLOT} AND time_ms < ${3 * SLOT}) OR (time_ms >= ${5 * SLOT} AND time_ms < ${6 * SLOT}) OR time_ms IS NULL)`,
  );
  expect(slotCondition([])).toBe('false');
});
