import 'server-only';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { emptyRecord } from '@/lib/formats/canonical-record';
import { addParsed, openTempStore, type TempStore } from '@/lib/server/sync/test-fixtures';
import { runRows, toNumber } from './database';
import { LoadBatch, reserveObjectIds, writeBatch } from './loader';
import { hoursToList, recordListings } from './manifest';
import { enforceRetention, usedMegabytes } from './retention';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2024, 5, 1);
let temp: TempStore;

beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.close();
});

/** One object per arrival hour, `perObject` records each, timed within that hour. */
async function loadObjects(hours: number[], perObject = 200) {
  const first = await reserveObjectIds(temp.store, hours.length);
  const batch = new LoadBatch(temp.store.options.tempDir);
  hours.forEach((hour, i) => {
    const records = Array.from({ length: perObject }, (_, j) => ({
      record: {
        ...emptyRecord(),
        time: hour + j * 1000,
        requestId: `${hour}-${j}`,
        path: `/p/${j}`.repeat(20),
      },
      offset: j,
      length: 1,
      raw: `record ${hour} ${j} `.repeat(10),
    }));
    addParsed(batch, first + i, {
      ref: { source: 's', key: `k-${hour}`, etag: 'e', size: 1, lastModified: hour, keyHour: hour },
      result: { records, rejects: [], duplicates: 0, format: 'custom', template: null, bytes: 1 },
      error: null,
    });
  });
  await writeBatch(temp.store, batch, []);
  await recordListings(temp.store, 's', hours, NOW);
}

async function keys(): Promise<string[]> {
  const rows = await runRows(temp.store.writer, {
    sql: 'SELECT key FROM objects ORDER BY key_hour',
    params: [],
  });
  return rows.map((r) => String(r.key));
}

test('objects older than the age bound go, with their records and listings', async () => {
  const hours = [NOW - 10 * DAY, NOW - 5 * DAY, NOW - HOUR];
  await loadObjects(hours);
  const result = await enforceRetention(temp.store, { maxAgeDays: 7, maxMb: 0 }, NOW);
  expect(result.evictedObjects).toBe(1);
  expect(await keys()).toEqual([`k-${hours[1]}`, `k-${hours[2]}`]);
  const records = await runRows(temp.store.writer, {
    sql: 'SELECT count(*) AS n, min(time_ms) AS t FROM records',
    params: [],
  });
  expect(toNumber(records[0].n)).toBe(400);
  expect(toNumber(records[0].t)).toBe(hours[1]);
  // The evicted hour would be listed again if someone asked for it.
  expect(await hoursToList(temp.store, 's', hours, { staleBefore: 0, settleMs: 0 })).toEqual([
    hours[0],
  ]);
});

test('over the size bound, the oldest objects go first', async () => {
  const hours = Array.from({ length: 8 }, (_, i) => NOW - (8 - i) * HOUR);
  await loadObjects(hours, 2000);
  await temp.store.writer.run('CHECKPOINT');
  const used = await temp.store.write((c) => usedMegabytes(c));
  const result = await enforceRetention(temp.store, { maxAgeDays: 0, maxMb: used * 0.8 }, NOW);
  expect(result.evictedObjects).toBeGreaterThan(0);
  const left = await keys();
  expect(left.length).toBe(8 - result.evictedObjects);
  // What is left is the newest suffix.
  expect(left).toEqual(hours.slice(result.evictedObjects).map((h) => `k-${h}`));
  const nothingToDo = await enforceRetention(temp.store, { maxAgeDays: 0, maxMb: 100_000 }, NOW);
  expect(nothingToDo.evictedObjects).toBe(0);
});
