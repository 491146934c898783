import 'server-only';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import type { FormatVersion } from '@/lib/formats';
import { openS3Source, type S3SourceConfig } from '@/lib/server/sources';
import { runRows, toNumber } from '@/lib/server/store/database';
import { startTestS3, type TestS3 } from '@/lib/testing/s3rver';
import { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '@/lib/server/s3/client';
import { S3SourceError } from '@/lib/server/s3/errors';
import { getObjectBytes, listObjectsUnder } from '@/lib/server/s3/list-objects';
import { syncSource } from './sync-range';
import {
  firehoseKey,
  openTempStore,
  presetTemplate,
  putObject,
  renderRecords,
  syncOptions,
  type TempStore,
} from './test-fixtures';

const HOUR = 3_600_000;
const BASE = Date.UTC(2024, 4, 1, 10); // 2024-05-01T10:00Z
let s3: TestS3;
let temp: TempStore;
let bucket: string;
let bucketCounter = 0;

beforeAll(async () => {
  s3 = await startTestS3({ buckets: Array.from({ length: 30 }, (_, i) => `logs-${i + 1}`) });
});
afterAll(async () => {
  await s3.stop();
});
beforeEach(async () => {
  bucket = `logs-${++bucketCounter}`;
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.close();
});

function source(overrides: Partial<S3SourceConfig> = {}) {
  return openS3Source({
    kind: 's3',
    id: 'test',
    bucket,
    prefixTemplate: '',
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    ...overrides,
  });
}
const clf: FormatVersion[] = [{ template: presetTemplate('clf'), effectiveFrom: null }];

async function count(sql: string): Promise<number> {
  const rows = await runRows(temp.store.writer, { sql, params: [] });
  return toNumber(rows[0].n);
}

async function objectsByKey(): Promise<
  Map<
    string,
    { records: number; rejects: number; duplicates: number; etag: string; error: string | null }
  >
> {
  const rows = await runRows(temp.store.writer, {
    sql: 'SELECT key, records, rejects, duplicates, etag, error FROM objects',
    params: [],
  });
  return new Map(
    rows.map((r) => [
      String(r.key),
      {
        records: toNumber(r.records),
        rejects: toNumber(r.rejects),
        duplicates: toNumber(r.duplicates),
        etag: String(r.etag),
        error: r.error === null ? null : String(r.error),
      },
    ]),
  );
}

async function requestIds(): Promise<string[]> {
  const rows = await runRows(temp.store.writer, {
    sql: `SELECT coalesce(request_id, CAST(request_uuid AS VARCHAR)) AS request_id FROM ${temp.store.recordsRelation} ORDER BY 1`,
    params: [],
  });
  return rows.map((r) => String(r.request_id));
}

const clfTemplate = presetTemplate('clf');

test("a range lists its hours plus one neighbour each side, and finds records in the next hour's object", async () => {
  // 10:59:50 arrives after the hour turned: its object sits under 11/.
  const late = firehoseKey(BASE + HOUR + 5_000);
  const inside = firehoseKey(BASE + 30 * 60_000);
  const before = firehoseKey(BASE - HOUR + 10_000); // 09/: a neighbour, listed
  const far = firehoseKey(BASE + 3 * HOUR); // 13/: outside, never listed
  const farBefore = firehoseKey(BASE - 2 * HOUR); // 08/: outside
  await putObject(
    s3.client,
    bucket,
    late,
    renderRecords(clfTemplate, [
      { id: 'late', time: BASE + HOUR - 10_000 },
      { id: 'next-hour', time: BASE + HOUR + 1_000 },
    ]),
  );
  await putObject(
    s3.client,
    bucket,
    inside,
    renderRecords(clfTemplate, [{ id: 'inside', time: BASE + 30 * 60_000 - 5_000 }]),
  );
  await putObject(
    s3.client,
    bucket,
    before,
    renderRecords(clfTemplate, [{ id: 'before', time: BASE - HOUR + 5_000 }]),
  );
  await putObject(
    s3.client,
    bucket,
    far,
    renderRecords(clfTemplate, [{ id: 'far', time: BASE + 3 * HOUR }]),
  );
  await putObject(
    s3.client,
    bucket,
    farBefore,
    renderRecords(clfTemplate, [{ id: 'far-before', time: BASE - 2 * HOUR }]),
  );

  const options = syncOptions({ now: BASE + 5 * HOUR });
  await syncSource(temp.store, source(), clf, { from: BASE, to: BASE + HOUR }, options);

  expect(options.progress.issues).toEqual([]);
  expect([...(await objectsByKey()).keys()].sort()).toEqual([before, inside, late].sort());
  expect(await requestIds()).toEqual(['before', 'inside', 'late', 'next-hour']);
  expect(options.progress).toMatchObject({
    objectsTotal: 3,
    objectsDone: 3,
    records: 4,
    objectsFailed: 0,
  });
});

test('custom prefix templates are expanded per hour and error-output folders are skipped', async () => {
  const prefixTemplate =
    'api/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/';
  const good = `api/year=2024/month=05/day=01/hour=10/amazon-apigateway-x-1-2024-05-01-10-05-00-aaaa.gz`;
  const failed = `api/year=2024/month=05/day=01/hour=10/processing-failed/amazon-apigateway-x-1-2024-05-01-10-05-00-bbbb.gz`;
  await putObject(
    s3.client,
    bucket,
    good,
    renderRecords(clfTemplate, [{ id: 'good', time: BASE + 300_000 }]),
  );
  await putObject(s3.client, bucket, failed, '{"rawData":"not a log"}');
  const options = syncOptions({ now: BASE + 5 * HOUR });
  await syncSource(
    temp.store,
    source({ prefixTemplate }),
    clf,
    { from: BASE, to: BASE + HOUR },
    options,
  );
  expect([...(await objectsByKey()).keys()]).toEqual([good]);
  expect(await requestIds()).toEqual(['good']);
});

test('glued and newline-terminated objects both load completely', async () => {
  const json = presetTemplate('custom-json');
  const glued = renderRecords(clfTemplate, [
    { id: 'g1', time: BASE + 1_000 },
    { id: 'g2', time: BASE + 2_000 },
    { id: 'g3', time: BASE + 3_000 },
  ]);
  expect(glued.includes('\n')).toBe(false);
  const lines = renderRecords(json, [
    { id: 'n1', time: BASE + 4_000 },
    { id: 'n2', time: BASE + 5_000 },
  ]);
  expect(lines.split('\n')).toHaveLength(3);
  await putObject(s3.client, bucket, firehoseKey(BASE + 10_000), glued);
  await putObject(s3.client, bucket, firehoseKey(BASE + 20_000), lines);
  const formats: FormatVersion[] = [
    { template: clfTemplate, effectiveFrom: null },
    { template: json, effectiveFrom: BASE + 15_000 },
  ];
  const options = syncOptions({ now: BASE + 5 * HOUR });
  await syncSource(temp.store, source(), formats, { from: BASE, to: BASE + HOUR }, options);
  expect(await requestIds()).toEqual(['g1', 'g2', 'g3', 'n1', 'n2']);
  expect(
    await count(
      `SELECT count(*) AS n FROM ${temp.store.recordsRelation} WHERE latency_ms = 20 AND user_agent = 'curl/8.0'`,
    ),
  ).toBe(2);
  expect(await count('SELECT sum(rejects) AS n FROM objects')).toBe(0);
});

test("a large object's rows load through a file of their own and a small one's through the batch's", async () => {
  const many = Array.from({ length: 2500 }, (_, i) => ({
    id: `big-${i}x`,
    time: BASE + 1_000 + i * 1_000,
  }));
  await putObject(
    s3.client,
    bucket,
    firehoseKey(BASE + 50 * 60_000),
    renderRecords(clfTemplate, many),
  );
  await putObject(
    s3.client,
    bucket,
    firehoseKey(BASE + 55 * 60_000),
    renderRecords(clfTemplate, [{ id: 'small-1x', time: BASE + 2_000 }]),
  );
  const options = syncOptions({ now: BASE + 5 * HOUR });
  await syncSource(temp.store, source(), clf, { from: BASE, to: BASE + HOUR }, options);
  expect(options.progress.records).toBe(2501);
  expect(await count(`SELECT count(*) AS n FROM ${temp.store.recordsRelation}`)).toBe(2501);
  const left = await readdir(temp.store.options.tempDir);
  expect(left.filter((name) => name.startsWith('batch-'))).toEqual([]);
});

test('a sync is answered from memory as soon as it returns, and its records then move to the file', async () => {
  const requests = Array.from({ length: 30 }, (_, i) => ({ id: `m${i}`, time: BASE + i * 60_000 }));
  await putObject(
    s3.client,
    bucket,
    firehoseKey(BASE + 31 * 60_000),
    renderRecords(clfTemplate, requests),
  );
  const options = syncOptions({ now: BASE + 5 * HOUR });
  await syncSource(temp.store, source(), clf, { from: BASE, to: BASE + HOUR }, options);
  expect(temp.store.staged).toBe(true);
  expect(await count('SELECT count(*) AS n FROM records')).toBe(0);
  expect(await requestIds()).toHaveLength(30);
  await temp.store.settled();
  expect(temp.store.staged).toBe(false);
  expect(await count('SELECT count(*) AS n FROM records')).toBe(30);
  expect(await count('SELECT count(*) AS n FROM objects WHERE staged')).toBe(0);
});

test('a corrupt object is recorded with its rejects and the good objects around it still load', async () => {
  const good1 = firehoseKey(BASE + 10_000);
  const good2 = firehoseKey(BASE + 30_000);
  const truncated = firehoseKey(BASE + 20_000);
  const garbage = firehoseKey(BASE + 25_000);
  await putObject(
    s3.client,
    bucket,
    good1,
    renderRecords(clfTemplate, [{ id: 'ok1', time: BASE + 1_000 }]),
  );
  await putObject(
    s3.client,
    bucket,
    good2,
    renderRecords(clfTemplate, [{ id: 'ok2', time: BASE + 2_000 }]),
  );
  const whole = gzipSync(
    Buffer.from(
      renderRecords(clfTemplate, [
        { id: 'cut1', time: BASE + 3_000 },
        { id: 'cut2', time: BASE + 4_000 },
      ]),
    ),
  );
  await putObject(
    s3.client,
    bucket,
    truncated,
    whole.subarray(0, Math.floor(whole.length * 0.6)),
    false,
  );
  await putObject(s3.client, bucket, garbage, randomBytes(2048), false);
  const options = syncOptions({ now: BASE + 5 * HOUR });
  await syncSource(temp.store, source(), clf, { from: BASE, to: BASE + HOUR }, options);
  const objects = await objectsByKey();
  expect(objects.size).toBe(4);
  expect(objects.get(good1)).toMatchObject({ records: 1, rejects: 0, error: null });
  expect(objects.get(good2)).toMatchObject({ records: 1, rejects: 0, error: null });
  expect(objects.get(truncated)?.rejects).toBeGreaterThan(0);
  expect(objects.get(garbage)?.rejects).toBeGreaterThan(0);
  expect(await requestIds()).toEqual(expect.arrayContaining(['ok1', 'ok2']));
  expect(await count('SELECT count(*) AS n FROM rejects')).toBeGreaterThanOrEqual(2);
});

test('an object whose ETag changed is reloaded and replaces the old version', async () => {
  const key = firehoseKey(BASE + 10_000);
  await putObject(
    s3.client,
    bucket,
    key,
    renderRecords(clfTemplate, [
      { id: 'v1-a', time: BASE + 1_000 },
      { id: 'v1-b', time: BASE + 2_000 },
    ]),
  );
  await syncSource(
    temp.store,
    source(),
    clf,
    { from: BASE, to: BASE + HOUR },
    syncOptions({ now: BASE + HOUR / 2 }),
  );
  const first = (await objectsByKey()).get(key);
  expect(await requestIds()).toEqual(['v1-a', 'v1-b']);

  // Unchanged: a second sync downloads nothing.
  const again = syncOptions({ now: BASE + HOUR / 2 + 1 });
  await syncSource(temp.store, source(), clf, { from: BASE, to: BASE + HOUR }, again);
  expect(again.progress.objectsTotal).toBe(0);

  await putObject(
    s3.client,
    bucket,
    key,
    renderRecords(clfTemplate, [
      { id: 'v2-a', time: BASE + 1_000 },
      { id: 'v2-b', time: BASE + 2_000 },
      { id: 'v2-c', time: BASE + 3_000 },
    ]),
  );
  const options = syncOptions({ now: BASE + HOUR / 2 + 2 });
  await syncSource(temp.store, source(), clf, { from: BASE, to: BASE + HOUR }, options);
  expect(options.progress.objectsTotal).toBe(1);
  const second = (await objectsByKey()).get(key);
  expect(second?.etag).not.toBe(first?.etag);
  expect(second?.records).toBe(3);
  expect(await requestIds()).toEqual(['v2-a', 'v2-b', 'v2-c']);
  expect(await count('SELECT count(*) AS n FROM objects')).toBe(1);
});

test('a settled hour is not listed again; a recent one is, once its listing is stale', async () => {
  await putObject(
    s3.client,
    bucket,
    firehoseKey(BASE + 10_000),
    renderRecords(clfTemplate, [{ id: 'x', time: BASE + 1_000 }]),
  );
  const range = { from: BASE, to: BASE + HOUR };
  await syncSource(
    temp.store,
    source(),
    clf,
    range,
    syncOptions({ now: BASE + 10 * HOUR, freshnessMs: 60_000 }),
  );
  await putObject(
    s3.client,
    bucket,
    firehoseKey(BASE + 20_000),
    renderRecords(clfTemplate, [{ id: 'y', time: BASE + 2_000 }]),
  );
  await syncSource(
    temp.store,
    source(),
    clf,
    range,
    syncOptions({ now: BASE + 11 * HOUR, freshnessMs: 60_000 }),
  );
  expect(await requestIds()).toEqual(['x']);

  // The current hour is listed again once the previous listing is older than freshnessMs.
  const now = Date.now();
  const current = { from: now - 10 * 60_000, to: now };
  await putObject(
    s3.client,
    bucket,
    firehoseKey(now - 60_000),
    renderRecords(clfTemplate, [{ id: 'now-1', time: now - 70_000 }]),
  );
  await syncSource(temp.store, source(), clf, current, syncOptions({ now, freshnessMs: 60_000 }));
  await putObject(
    s3.client,
    bucket,
    firehoseKey(now - 30_000),
    renderRecords(clfTemplate, [{ id: 'now-2', time: now - 40_000 }]),
  );
  await syncSource(
    temp.store,
    source(),
    clf,
    current,
    syncOptions({ now: now + 1_000, freshnessMs: 60_000 }),
  );
  expect(await requestIds()).toEqual(['now-1', 'x']);
  await syncSource(
    temp.store,
    source(),
    clf,
    current,
    syncOptions({ now: Date.now() + 120_000, freshnessMs: 60_000 }),
  );
  expect(await requestIds()).toEqual(['now-1', 'now-2', 'x']);
});

test('a request delivered twice is stored once, within an object, across objects and across syncs', async () => {
  const twice = [{ id: 'dup', time: BASE + 1_000 }];
  await putObject(
    s3.client,
    bucket,
    firehoseKey(BASE + 10_000),
    renderRecords(clfTemplate, [...twice, { id: 'a', time: BASE + 2_000 }, ...twice]),
  );
  await putObject(
    s3.client,
    bucket,
    firehoseKey(BASE + 20_000),
    renderRecords(clfTemplate, [...twice, { id: 'b', time: BASE + 3_000 }]),
  );
  await syncSource(
    temp.store,
    source(),
    clf,
    { from: BASE, to: BASE + HOUR },
    syncOptions({ now: BASE + HOUR / 2 }),
  );
  expect(await requestIds()).toEqual(['a', 'b', 'dup']);
  await putObject(
    s3.client,
    bucket,
    firehoseKey(BASE + 40_000),
    renderRecords(clfTemplate, [...twice, { id: 'c', time: BASE + 4_000 }]),
  );
  // A tiny batch size puts each object in its own transaction: the check must then happen in SQL.
  await syncSource(
    temp.store,
    source(),
    clf,
    { from: BASE, to: BASE + HOUR },
    syncOptions({ now: BASE + HOUR / 2 + 1, batchRecords: 1 }),
  );
  expect(await requestIds()).toEqual(['a', 'b', 'c', 'dup']);
  expect(await count('SELECT sum(duplicates) AS n FROM objects')).toBe(3);
  expect(await count('SELECT sum(records) AS n FROM objects')).toBe(4);
});

test('a missing bucket is a typed NoSuchBucket error', async () => {
  const error = await syncSource(
    temp.store,
    source({ bucket: 'no-such-bucket' }),
    clf,
    { from: BASE, to: BASE + HOUR },
    syncOptions({ now: BASE + 5 * HOUR }),
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(S3SourceError);
  expect(error).toMatchObject({ kind: 'no-such-bucket' });
  expect((error as Error).message).toMatch(/s3:\/\/no-such-bucket does not exist/);
});

test('refused credentials are a typed error', async () => {
  const previous = [process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY];
  const client = createS3Client({ region: s3.region, endpoint: s3.endpoint, forcePathStyle: true });
  process.env.AWS_ACCESS_KEY_ID = 'WRONG';
  try {
    const error = await listObjectsUnder(
      client,
      { bucket, region: s3.region, endpoint: s3.endpoint },
      '2024/',
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid-credentials' });
  } finally {
    [process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY] = previous;
  }
});

/** A loopback endpoint that answers every request the way S3 refuses a caller without s3:ListBucket / s3:GetObject. */
async function withDenyingEndpoint(run: (endpoint: string) => Promise<void>) {
  const server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(403, { 'content-type': 'application/xml', 'x-amz-request-id': 'DENY' });
    response.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>DENY</RequestId></Error>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('AccessDenied names the missing permission, for listing and for reading', async () => {
  await withDenyingEndpoint(async (endpoint) => {
    const listError = await syncSource(
      temp.store,
      source({ endpoint }),
      clf,
      { from: BASE, to: BASE + HOUR },
      syncOptions({ now: BASE + 5 * HOUR }),
    ).catch((e: unknown) => e);
    expect(listError).toBeInstanceOf(S3SourceError);
    expect(listError).toMatchObject({ kind: 'access-denied', permission: 's3:ListBucket' });
    expect((listError as Error).message).toMatch(/need s3:ListBucket/);
    const client = createS3Client({ region: s3.region, endpoint, forcePathStyle: true });
    const getError = await getObjectBytes(
      client,
      { bucket, region: s3.region, endpoint },
      'some/key.gz',
    ).catch((e: unknown) => e);
    expect(getError).toMatchObject({ kind: 'access-denied', permission: 's3:GetObject' });
  });
});

test('an unreachable endpoint is a typed error, not a hang', async () => {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  const client = new S3Client({
    region: s3.region,
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  const error = await listObjectsUnder(
    client,
    { bucket, region: s3.region, endpoint: `http://127.0.0.1:${port}` },
    '',
  ).catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: 'endpoint-unreachable' });
});

test('an aborted sync stops and marks nothing as listed', async () => {
  for (let i = 0; i < 5; i++) {
    await putObject(
      s3.client,
      bucket,
      firehoseKey(BASE + i * 60_000),
      renderRecords(clfTemplate, [{ id: `r${i}`, time: BASE + i * 60_000 }]),
    );
  }
  const controller = new AbortController();
  controller.abort();
  const options = syncOptions({ now: BASE + 5 * HOUR, signal: controller.signal });
  const error = await syncSource(
    temp.store,
    source(),
    clf,
    { from: BASE, to: BASE + HOUR },
    options,
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(S3SourceError);
  expect(error).toMatchObject({ kind: 'aborted' });
  expect(await count('SELECT count(*) AS n FROM listings')).toBe(0);
});
