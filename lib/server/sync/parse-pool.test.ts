import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, test } from 'vitest';
import { resolveFormat } from '@/lib/formats';
import { inProcessParser, ParsePool } from './parse-pool';
import { bundleParseWorker } from './parse-worker-bundle';
import { OWN_FILE_MIN_BYTES, type ParseJob } from './parse-job';

const LINES = Array.from(
  { length: 50 },
  (_, i) =>
    `10.0.0.${i} - - [01/Nov/2019:02:00:${String(i % 60).padStart(2, '0')} +0000] "GET /pets/${i} HTTP/1.1" 200 ${i} ` +
    `bb0afe31-0000-4000-8000-${String(i).padStart(12, '0')}`,
);
// A redelivered record inside the object and a line the format cannot read.
const TEXT = [...LINES, LINES[3], 'not a log line'].join('\n') + '\n';

function job(data: Uint8Array, objectId = 1): ParseJob {
  return {
    objectId,
    source: 'src',
    key: 'k.gz',
    keyHour: 0,
    formats: [{ template: resolveFormat('clf-legacy'), effectiveFrom: null }],
    data,
  };
}

const bundle = await bundleParseWorker();
if ('error' in bundle) throw new Error(bundle.error);
const pool = new ParsePool(bundle.code, 2);
afterAll(() => pool.close());

test('a worker thread produces exactly what parsing on the calling thread produces', async () => {
  const gz = gzipSync(TEXT);
  const local = await inProcessParser.parse(job(new Uint8Array(gz)));
  const [remote] = await Promise.all([pool.parse(job(new Uint8Array(gz)))]);
  expect(remote.recordLines).toBe(50);
  expect(remote.duplicates).toBe(1);
  expect(remote.rejectLines).toBe(1);
  expect(Buffer.from(remote.records).equals(Buffer.from(local.records))).toBe(true);
  expect(Buffer.from(remote.rejects).equals(Buffer.from(local.rejects))).toBe(true);
  expect(Buffer.from(remote.idBytes).equals(Buffer.from(local.idBytes))).toBe(true);
  expect([...remote.idEnds]).toEqual([...local.idEnds]);
  expect([...remote.idOffsets]).toEqual([...local.idOffsets]);
});

test('many objects at once come back to the right callers', async () => {
  const results = await Promise.all(
    LINES.map((line, i) => pool.parse(job(gzipSync(`${line}\n`), 100 + i))),
  );
  results.forEach((result, i) => {
    expect(result.objectId).toBe(100 + i);
    expect(Buffer.from(result.records).toString('utf8')).toContain(`/pets/${i}\t`);
  });
});

test("input that shares memory with other data is copied, so the caller's data stays intact", async () => {
  const gz = gzipSync(TEXT);
  const shared = new Uint8Array(gz.length + 16);
  shared.set(gz, 8);
  const view = shared.subarray(8, 8 + gz.length);
  const result = await pool.parse(job(view));
  expect(result.recordLines).toBe(50);
  expect(shared.byteLength).toBe(gz.length + 16);
  expect(view.byteLength).toBe(gz.length);
});

test('input that was already handed away fails the job instead of hanging it', async () => {
  const data = new Uint8Array(gzipSync(TEXT));
  structuredClone(data, { transfer: [data.buffer] });
  await expect(pool.parse(job(data))).rejects.toThrow();
  // The pool still works afterwards.
  expect((await pool.parse(job(gzipSync(TEXT)))).recordLines).toBe(50);
});

/** An object whose rows are large enough for a file of their own. */
const LARGE =
  Array.from(
    { length: 3000 },
    (_, i) =>
      `10.0.${i >> 8}.${i & 255} - - [01/Nov/2019:02:00:${String(i % 60).padStart(2, '0')} +0000] ` +
      `"GET /pets/${i} HTTP/1.1" 200 ${i} bb0afe31-0000-4000-8000-${String(i).padStart(12, '0')}`,
  ).join('\n') + '\n';

test('a worker writes large rows to the file the job names: the same bytes, none handed back', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parse-pool-'));
  try {
    const gz = gzipSync(LARGE);
    const local = await inProcessParser.parse(job(new Uint8Array(gz)));
    const recordFile = path.join(dir, 'rows.tsv');
    const remote = await pool.parse({ ...job(new Uint8Array(gz)), recordFile });
    expect(remote.recordFile).toBe(recordFile);
    expect(remote.records.byteLength).toBe(0);
    expect(remote.recordBytes).toBe(local.records.byteLength);
    expect(remote.recordBytes).toBeGreaterThanOrEqual(OWN_FILE_MIN_BYTES);
    expect((await readFile(recordFile)).equals(Buffer.from(local.records))).toBe(true);
    expect(remote.recordLines).toBe(3000);
    expect(Buffer.from(remote.idBytes).equals(Buffer.from(local.idBytes))).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('small rows come back in memory even when the job names a file', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parse-pool-'));
  try {
    const recordFile = path.join(dir, 'rows.tsv');
    const small = await pool.parse({ ...job(gzipSync(TEXT)), recordFile });
    expect(small.recordFile).toBeUndefined();
    expect(small.recordLines).toBe(50);
    expect(Buffer.from(small.records).toString('utf8')).toContain('/pets/7\t');
    await expect(readFile(recordFile)).rejects.toThrow();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a failed write fails the job with a code that the sync retries', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parse-pool-'));
  try {
    const recordFile = path.join(dir, 'missing-folder', 'rows.tsv');
    const failure = pool.parse({ ...job(gzipSync(LARGE)), recordFile });
    await expect(failure).rejects.toMatchObject({ code: 'ERECORDFILE' });
    await expect(failure).rejects.toThrow(/could not write records/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
