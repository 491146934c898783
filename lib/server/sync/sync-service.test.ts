import 'server-only';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { FormatVersion } from '@/lib/formats';
import { S3SourceError } from '@/lib/server/s3/errors';
import type { ObjectRef, ObjectSource } from '@/lib/server/sources';
import { runRows, toNumber } from '@/lib/server/store/database';
import { SyncAbortedError, SyncService } from './sync-service';
import {
  firehoseKey,
  openTempStore,
  presetTemplate,
  renderRecords,
  type TempStore,
} from './test-fixtures';

const HOUR = 3_600_000;
const clf: FormatVersion[] = [{ template: presetTemplate('clf'), effectiveFrom: null }];
let temp: TempStore;

beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.close();
});

/** An in-memory source: objects by arrival time, optional delay per read, and a read counter. */
function memorySource(id: string, objects: { arrival: number; times: number[] }[], delayMs = 0) {
  const bodies = new Map<string, Buffer>();
  const refs: ObjectRef[] = objects.map(({ arrival, times }, i) => {
    const key = firehoseKey(arrival);
    bodies.set(
      key,
      gzipSync(
        renderRecords(
          presetTemplate('clf'),
          times.map((time, j) => ({ id: `${id}-${i}-${j}`, time })),
        ),
      ),
    );
    return { source: id, key, etag: `etag-${i}`, size: 1, lastModified: arrival, keyHour: arrival };
  });
  const counter = { reads: 0, lists: 0 };
  const source: ObjectSource = {
    config: { kind: 'local', id, dir: '/nowhere', prefixTemplate: '' },
    async listHours(hours) {
      counter.lists++;
      return refs.filter((r) => hours.includes(Math.floor(r.keyHour / HOUR) * HOUR));
    },
    async read(ref, signal) {
      counter.reads++;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      signal?.throwIfAborted();
      return bodies.get(ref.key) ?? Buffer.alloc(0);
    },
  };
  return { source, counter };
}

async function storedCount(): Promise<number> {
  const rows = await runRows(temp.store.writer, {
    sql: `SELECT count(*) AS n FROM ${temp.store.recordsRelation}`,
    params: [],
  });
  return toNumber(rows[0].n);
}

const now = Date.now();
const recent = Math.floor(now / HOUR) * HOUR - HOUR;
const settings = { concurrency: 2, intervalMs: 0, retention: { maxAgeDays: 0, maxMb: 0 } };

test('requests for a range the running sync covers join it instead of loading again', async () => {
  const { source, counter } = memorySource(
    'a',
    [
      { arrival: recent + 60_000, times: [recent + 1_000, recent + 2_000] },
      { arrival: recent + 120_000, times: [recent + 3_000] },
    ],
    20,
  );
  const service = new SyncService(temp.store, () => [{ source, formats: clf }], settings);
  const range = { from: recent, to: recent + HOUR };
  const [first, second, inner] = await Promise.all([
    service.ensureRange(range),
    service.ensureRange(range),
    service.ensureRange({ from: recent + 60_000, to: recent + 120_000 }),
  ]);
  expect(counter.reads).toBe(2);
  expect(counter.lists).toBe(1);
  expect(first.progress.startedAt).toBe(second.progress.startedAt);
  expect(inner.progress.startedAt).toBe(first.progress.startedAt);
  expect(first.issues).toEqual([]);
  expect(await storedCount()).toBe(3);
  expect(service.getProgress()).toMatchObject({
    running: false,
    objectsDone: 2,
    objectsTotal: 2,
    records: 3,
  });
});

test('a sync nobody waits for any more is abandoned', async () => {
  const objects = Array.from({ length: 20 }, (_, i) => ({
    arrival: recent + i * 60_000 + 1_000,
    times: [recent + i * 60_000],
  }));
  const { source, counter } = memorySource('b', objects, 50);
  const service = new SyncService(temp.store, () => [{ source, formats: clf }], settings);
  const controller = new AbortController();
  const pending = service.ensureRange({ from: recent, to: recent + HOUR }, controller.signal);
  setTimeout(() => controller.abort(), 80);
  await expect(pending).rejects.toBeInstanceOf(SyncAbortedError);
  // Let the abandoned job wind down, then check it stopped early.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(counter.reads).toBeLessThan(20);
  const listings = await runRows(temp.store.writer, {
    sql: 'SELECT count(*) AS n FROM listings',
    params: [],
  });
  expect(toNumber(listings[0].n)).toBe(0);
  // The next request starts a fresh sync and completes the range.
  const done = await service.ensureRange({ from: recent, to: recent + HOUR });
  expect(done.issues).toEqual([]);
  expect(await storedCount()).toBe(20);
});

test('one failing source is reported in words while the others load', async () => {
  const { source: good } = memorySource('good', [
    { arrival: recent + 60_000, times: [recent + 1_000] },
  ]);
  const denied: ObjectSource = {
    config: { kind: 's3', id: 'denied', bucket: 'secret', region: 'eu-west-1', prefixTemplate: '' },
    listHours: async () => {
      throw new S3SourceError(
        'access-denied',
        'Access denied to s3://secret: the credentials need s3:ListBucket.',
        { operation: 'list', bucket: 'secret' },
        's3:ListBucket',
      );
    },
    read: async () => Buffer.alloc(0),
  };
  const service = new SyncService(
    temp.store,
    () => [
      { source: denied, formats: clf },
      { source: good, formats: clf },
    ],
    settings,
  );
  const result = await service.ensureRange({ from: recent, to: recent + HOUR });
  expect(result.issues).toEqual([
    {
      source: 'denied',
      kind: 'access-denied',
      message: 'Access denied to s3://secret: the credentials need s3:ListBucket.',
      permission: 's3:ListBucket',
      objectKey: null,
    },
  ]);
  expect(await storedCount()).toBe(1);
});

test('retention evicts whole objects by age after a load', async () => {
  const old = recent - 3 * 24 * HOUR;
  const { source } = memorySource('c', [
    { arrival: old + 60_000, times: [old + 1_000, old + 2_000] },
    { arrival: recent + 60_000, times: [recent + 1_000] },
  ]);
  // Loading an old range directly, then a recent one with a 2-day age bound.
  const keepAll = new SyncService(temp.store, () => [{ source, formats: clf }], settings);
  await keepAll.ensureRange({ from: old, to: old + HOUR });
  expect(await storedCount()).toBe(2);
  const bounded = new SyncService(temp.store, () => [{ source, formats: clf }], {
    ...settings,
    retention: { maxAgeDays: 2, maxMb: 0 },
  });
  await bounded.ensureRange({ from: recent, to: recent + HOUR });
  expect(await storedCount()).toBe(1);
  const objects = await runRows(temp.store.writer, {
    sql: 'SELECT count(*) AS n FROM objects',
    params: [],
  });
  expect(toNumber(objects[0].n)).toBe(1);
  // Ranges beyond the age bound are not loaded again (they would only be evicted).
  await bounded.ensureRange({ from: old, to: old + HOUR });
  expect(await storedCount()).toBe(1);
});
