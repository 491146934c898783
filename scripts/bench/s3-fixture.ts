/**
 * The bench's embedded S3: generated Firehose objects served by s3rver in a child process (so its
 * memory and CPU are not the loader's), and the floor measured against it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

export const BUCKET = 'bench';
export const HOUR = 3_600_000;
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface DataInfo {
  lines: number;
  format: string;
  seed: number;
  start: number;
  end: number;
  objects: number;
  bytes: number;
}

/** Child mode: serve (and on first use generate) the objects; prints one JSON line when ready. */
export async function serveS3(
  dir: string,
  lines: number,
  format: string,
  seed: number,
  regenerate: boolean,
): Promise<void> {
  const { default: S3rver } = await import('s3rver');
  const infoFile = path.join(dir, 'bench-data.json');
  let info: DataInfo | null = null;
  if (!regenerate)
    info = JSON.parse(await readFile(infoFile, 'utf8').catch(() => 'null')) as DataInfo | null;
  if (info && (info.lines !== lines || info.format !== format || info.seed !== seed)) info = null;
  if (!info) await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: BUCKET }],
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  if (!info) {
    const { generateRequests } = await import('@/lib/generator/traffic');
    const { bufferFirehoseBatches, compressFirehoseBatches } =
      await import('@/lib/generator/firehose-objects');
    const { createS3Sink, writeObjects } = await import('@/lib/generator/write-objects');
    const { resolveFormat } = await import('@/lib/formats/resolve-format');
    // Constant density (1M lines a day) so a 1-hour window holds the same work at any N.
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    const start = end - Math.max(HOUR, Math.round((lines / 1_000_000) * 24 * HOUR));
    const client = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    const requests = generateRequests({ seed, start, end, count: lines });
    const batches = bufferFirehoseBatches(requests, {
      stream: 'bench',
      formats: [{ template: resolveFormat(format), effectiveFrom: null }],
      seed,
      duplicateFraction: 0,
    });
    const summary = await writeObjects(
      compressFirehoseBatches(batches),
      createS3Sink(client, BUCKET),
      { concurrency: 16 },
    );
    info = { lines, format, seed, start, end, objects: summary.objects, bytes: summary.bytes };
    await writeFile(infoFile, JSON.stringify(info));
  }
  process.stdout.write(`${JSON.stringify({ endpoint, ...info })}\n`);
  await new Promise<void>((resolve) => process.stdin.on('close', resolve).resume());
  await server.close();
}

export interface DataSpec {
  lines: number;
  format: string;
  seed: number;
  dataDir: string;
  regenerate: boolean;
}

/**
 * Starts `benchScript --serve-s3` as a child process (which calls serveS3) and waits until it
 * serves the generated objects.
 */
export async function startServer(
  benchScript: string,
  args: DataSpec,
): Promise<{ child: ChildProcess; endpoint: string; info: DataInfo }> {
  const dir = path.resolve(args.dataDir, `${args.format}-${args.lines}-${args.seed}`);
  const childArgs = [
    '--conditions=react-server',
    '--import',
    'tsx',
    benchScript,
    '--serve-s3',
    dir,
    '--lines',
    String(args.lines),
    '--format',
    String(args.format),
    '--seed',
    String(args.seed),
  ];
  if (args.regenerate) childArgs.push('--regenerate');
  const child = spawn(process.execPath, childArgs, { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`S3 child exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
  });
  const { endpoint, ...info } = JSON.parse(first) as DataInfo & { endpoint: string };
  return { child, endpoint, info };
}

const gunzipAsync = promisify(gunzip);

/**
 * Download + gunzip of every object with the sync's concurrency: the floor nothing can beat. Keys
 * come from per-hour listings, as in the sync (and s3rver fails listing thousands of keys at once).
 */
export async function measureFloor(
  client: S3Client,
  info: DataInfo,
  concurrency: number,
): Promise<{ seconds: number; objects: number }> {
  const { hoursForRange, prefixesForHours } = await import('@/lib/server/s3/prefix-template');
  const started = performance.now();
  const keys = new Set<string>();
  for (const prefix of prefixesForHours('', hoursForRange(info.start, info.end)).keys()) {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? []) if (item.Key) keys.add(item.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  const queue = [...keys];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < queue.length) {
        const key = queue[next++];
        const response = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        await gunzipAsync(
          await (
            response.Body as { transformToByteArray(): Promise<Uint8Array> }
          ).transformToByteArray(),
        );
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, objects: queue.length };
}

/** CPU seconds a child process has used (Linux /proc; 0 elsewhere). */
export function childCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
