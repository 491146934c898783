import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findPreset } from '@/lib/formats/presets';
import { buildFirehoseObjects, type FirehoseObject } from './firehose-objects';
import { generateHistory } from './generate-history';
import { generateRequests } from './traffic';
import { createDirectorySink, createS3Sink, writeObjects, type ObjectSink } from './write-objects';

const start = Date.UTC(2024, 3, 1);
const end = start + 3 * 3_600_000;
const formats = [{ template: findPreset('custom-clf')?.template ?? '', effectiveFrom: null }];
const objects = [
  ...buildFirehoseObjects(generateRequests({ seed: 9, start, end, count: 4000 }), {
    stream: 'pets',
    seed: 9,
    formats,
  }),
];

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'generator-write-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`)
        : [`${prefix}${e.name}`],
    ),
  );
  return nested.flat().sort();
}

test('a directory sink mirrors the key layout, bytes and delivery times', async () => {
  const dir = path.join(scratch, 'out');
  const summary = await writeObjects(objects, createDirectorySink(dir), { concurrency: 4 });
  expect(summary).toEqual({
    objects: objects.length,
    records: objects.reduce((n, o) => n + o.records, 0),
    bytes: objects.reduce((n, o) => n + o.body.length, 0),
  });
  expect(await listFiles(dir)).toEqual(objects.map((o) => o.key).sort());
  const first = objects[0];
  expect((await readFile(path.join(dir, first.key))).equals(first.body)).toBe(true);
  expect(Math.round((await stat(path.join(dir, first.key))).mtimeMs)).toBe(first.delivered);
});

test('a directory sink refuses keys that escape the folder', async () => {
  const sink = createDirectorySink(path.join(scratch, 'safe'));
  await expect(sink({ ...objects[0], key: '../evil.gz' })).rejects.toThrow(/escapes/);
});

test('writeObjects bounds concurrency and rethrows the first failure', async () => {
  let active = 0;
  let peak = 0;
  const slow: ObjectSink = async () => {
    active++;
    peak = Math.max(peak, active);
    await new Promise((resolve) => setTimeout(resolve, 2));
    active--;
  };
  await writeObjects(objects, slow, { concurrency: 3 });
  expect(peak).toBe(3);

  let calls = 0;
  const failing: ObjectSink = async () => {
    if (++calls === 2) throw new Error('disk full');
  };
  await expect(writeObjects(objects, failing, { concurrency: 1 })).rejects.toThrow('disk full');
  expect(calls).toBe(2);
});

test('generateHistory writes through a real S3 API (s3rver) and lists back the same objects', async () => {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: path.join(scratch, 's3'),
    silent: true,
    configureBuckets: [{ name: 'access-logs' }],
  });
  const { port } = await server.run();
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    const written: FirehoseObject[] = [];
    const summary = await generateHistory({
      seed: 9,
      start,
      end,
      lines: 4000,
      formats,
      stream: 'pets',
      sink: createS3Sink(client, 'access-logs'),
      onObject: (o) => written.push(o),
    });
    expect(summary.objects).toBe(objects.length);
    expect(summary.linesPerSecond).toBeGreaterThan(0);

    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'access-logs' }));
    const keys = (listed.Contents ?? []).map((c) => c.Key).sort();
    // Same seed and options as the in-memory run: the very same keys and bytes.
    expect(keys).toEqual(objects.map((o) => o.key).sort());
    expect(listed.Contents?.map((c) => c.Size).sort()).toEqual(
      objects.map((o) => o.body.length).sort(),
    );
    const fetched = await client.send(
      new GetObjectCommand({ Bucket: 'access-logs', Key: objects[0].key }),
    );
    const body = Buffer.from((await fetched.Body?.transformToByteArray()) ?? []);
    expect(body.equals(objects[0].body)).toBe(true);
    expect(gunzipSync(body).toString()).not.toContain('\n');
    expect(written).toHaveLength(objects.length);
  } finally {
    client.destroy();
    await server.close();
  }
});
