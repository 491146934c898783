import 'server-only';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { LogFilter } from '@/lib/query/filter';
import {
  firehoseKey,
  presetTemplate,
  putObject,
  renderRecords,
} from '@/lib/server/sync/test-fixtures';
import { startTestS3, type TestS3 } from '@/lib/testing/s3rver';

/** The server entry as pages use it: configuration from the environment, one store per process. */
let s3: TestS3;
let dataDir: string;
const now = Date.now();

beforeAll(async () => {
  s3 = await startTestS3({ buckets: ['app-logs'] });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'store-entry-'));
  Object.assign(process.env, {
    LOG_BUCKET: 'app-logs',
    AWS_REGION: s3.region,
    S3_ENDPOINT: s3.endpoint,
    DATA_DIR: dataDir,
    LOG_FORMAT: 'clf',
    SYNC_INTERVAL_SECONDS: '0',
  });
  const template = presetTemplate('clf');
  await putObject(
    s3.client,
    'app-logs',
    firehoseKey(now - 20 * 60_000),
    renderRecords(template, [
      { id: 'r1', time: now - 21 * 60_000, status: 200 },
      { id: 'r2', time: now - 20 * 60_000, status: 503 },
    ]),
  );
  await putObject(
    s3.client,
    'app-logs',
    firehoseKey(now - 5 * 60_000),
    renderRecords(template, [{ id: 'r3', time: now - 6 * 60_000, status: 404 }]),
  );
});

afterAll(async () => {
  await s3.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const lastHour: LogFilter = { range: { kind: 'relative', last: '1h' }, conditions: [] };

test('ensureRange loads a relative range; every query answers from the store', async () => {
  const store = await import('./index');
  const result = await store.ensureRange(lastHour.range);
  expect(result.issues).toEqual([]);
  expect(await store.getSyncProgress()).toMatchObject({
    running: false,
    objectsDone: 2,
    records: 3,
  });
  expect(await store.queryCount(lastHour)).toBe(3);
  const summary = await store.querySummary(lastHour);
  expect(summary).toMatchObject({
    requests: 3,
    serverErrors: 1,
    clientErrors: 1,
    latencyCount: 0,
    p50: null,
  });
  const rows = await store.queryRows(
    lastHour,
    { column: 'time', direction: 'desc' },
    { index: 0, size: 10 },
  );
  expect(rows.map((r) => r.requestId)).toEqual(['r3', 'r2', 'r1']);
  expect((await store.queryHistogram(lastHour)).buckets.reduce((n, b) => n + b.total, 0)).toBe(3);
  expect((await store.queryTopN('status', lastHour)).map((e) => e.value)).toEqual([
    '200',
    '404',
    '503',
  ]);
  expect(await store.queryRejects(lastHour, { index: 0, size: 10 })).toEqual({
    count: 0,
    rows: [],
  });
  expect((await store.getRecordByRequestId('ext-r2'))?.status).toBe(503);
  const streamed: string[] = [];
  for await (const row of store.streamRows(lastHour)) streamed.push(row.requestId ?? '');
  expect(streamed).toEqual(['r1', 'r2', 'r3']);
});

test('a second request for a loaded range lists nothing again, and the store survives module reloads', async () => {
  const first = await import('./index');
  const again = await first.ensureRange(lastHour.range);
  expect(again.progress.objectsTotal).toBe(0);
  vi.resetModules();
  const reloaded = await import('./index');
  expect(reloaded).not.toBe(first);
  // The reloaded module finds the same DuckDB (one per process), data included.
  expect(await reloaded.queryCount(lastHour)).toBe(3);
});
