import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, test } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');
const range = ['--start', '2024-04-01T00:00:00Z', '--end', '2024-04-01T06:00:00Z'];

async function generate(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', ...args], {
    cwd: root,
    env,
  });
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'generate-cli-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

test('--help prints the usage', async () => {
  const { stdout } = await generate(['--help']);
  expect(stdout).toMatch(/^Usage: npm run generate/);
  expect(stdout).toContain('--objects-per-hour');
});

test('bad arguments exit with status 2 and say why', async () => {
  await expect(generate(['--lines', '10'])).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringContaining('give exactly one destination'),
  });
});

test('writes a folder of Firehose objects and prints a one-line summary', async () => {
  const out = path.join(scratch, 'out');
  const { stdout } = await generate(['--lines', '3000', '--out', out, '--format', 'clf', ...range]);
  expect(stdout).toMatch(
    /^generated (\d+) objects, (\d+) records \(3000 requests\), \d+ bytes gzip in [\d.]+ s \(\d+ lines\/s\)/,
  );
  const hours = await readdir(path.join(out, '2024/04/01'));
  expect(hours).toEqual(expect.arrayContaining(['00', '01', '02', '03', '04', '05']));
  const files = await readdir(path.join(out, '2024/04/01/03'));
  for (const file of files)
    expect(file).toMatch(
      /^amazon-apigateway-access-logs-1-2024-04-01-03-\d\d-\d\d-[0-9a-f-]{36}\.gz$/,
    );
});

test('puts objects into an S3-compatible server, creating the bucket', async () => {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: path.join(scratch, 's3'),
    silent: true,
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  delete env.AWS_ACCESS_KEY_ID;
  delete env.AWS_SECRET_ACCESS_KEY;
  delete env.AWS_PROFILE;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    const { stdout } = await generate(
      [
        '--lines',
        '2000',
        '--bucket',
        'logs',
        '--endpoint',
        endpoint,
        '--create-bucket',
        '--prefix',
        'apigw/',
        ...range,
      ],
      env,
    );
    const objects = Number(/^generated (\d+) objects/.exec(stdout)?.[1]);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'logs' }));
    expect(listed.KeyCount).toBe(objects);
    for (const item of listed.Contents ?? []) {
      expect(item.Key).toMatch(/^apigw\/2024\/04\/01\/\d\d\/amazon-apigateway-access-logs-1-/);
    }
  } finally {
    client.destroy();
    await server.close();
  }
});
