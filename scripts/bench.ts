/**
 * `npm run bench -- --lines N [--format NAME]`: the data path end to end on this machine.
 *
 * Generates N lines of API Gateway traffic as Firehose objects into an embedded S3 (s3rver, in a
 * child process so its memory is not counted), then in one run measures:
 *   floor   download + gunzip of every object (nothing else)
 *   cold    a fresh store: list, download, gunzip, parse, load until queryable
 *   hot     the dashboard's full query set (summary, histogram, latency, top routes/paths/IPs/
 *           status/user agents, count, first page of rows) over the whole range, panels side by
 *           side as a page renders them, result cache emptied before every set
 *   hour    the same set on a 1-hour window (the same clock hour for every N: 12 h before the end)
 * and prints a table, then as the last stdout line one JSON object (scripts read it).
 *
 * Generated objects are kept in --data-dir and reused by later runs with the same lines, format
 * and seed (--regenerate to force). Options: --runs N (hot sets, default 20), --concurrency N
 * (objects at once, default 8), --parse-workers N (parse threads, default as the app: defaultParseWorkers; 0 = main thread), --memory-mb N / --load-memory-mb N (DuckDB memory limits for queries / while loading, defaults
 * 768 / 384 like STORE_MEMORY_MB / STORE_LOAD_MEMORY_MB), --stage-mb N (records held in memory
 * before they move to the file, default 640 like STORE_STAGE_MB; 0 = straight to the file),
 * --keep-store (leave the loaded store in its temporary folder, for timing single queries),
 * --cold-workers (skip the parse workers' warm-up that the server does when it starts).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { FilterCondition } from '@/lib/query/filter';
import {
  BUCKET,
  childCpuSeconds,
  CREDENTIALS,
  HOUR,
  measureFloor,
  serveS3,
  startServer,
} from './bench/s3-fixture';
import { options, relaunchWithServerCondition } from './bench/cli';
import { printReport, round } from './bench/report';

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function main(): Promise<void> {
  const args = options();
  if (args.help) {
    console.log(
      'Usage: npm run bench -- --lines N [--format NAME] [--runs N] [--concurrency N] [--parse-workers N]\n' +
        '  [--stage-mb N] [--memory-mb N] [--load-memory-mb N] [--cold-workers] [--keep-store]\n' +
        '  [--data-dir DIR] [--regenerate]   (each is described at the top of scripts/bench.ts)',
    );
    return;
  }
  if (relaunchWithServerCondition(__filename)) return;
  const lines = Number(args.lines);
  const format = String(args.format);
  if (args['serve-s3'])
    return serveS3(args['serve-s3'], lines, format, Number(args.seed), args.regenerate ?? false);
  if (!Number.isInteger(lines) || lines < 1)
    throw new Error('--lines must be a positive whole number');

  const { resolveFormat } = await import('@/lib/formats/resolve-format');
  const { Store } = await import('@/lib/server/store/database');
  const { DuckDbQueryEngine } = await import('@/lib/server/store/engine');
  const { openS3Source } = await import('@/lib/server/sources');
  const { syncSource } = await import('@/lib/server/sync/sync-range');
  const { idleProgress } = await import('@/lib/server/sync/progress');
  const { sharedParser } = await import('@/lib/server/sync/parse-pool');
  const { warmUpParser, warmUpTemplates } = await import('@/lib/server/sync/parse-warm-up');
  const { usedMegabytes } = await import('@/lib/server/store/retention');
  const template = resolveFormat(format);
  const concurrency = Number(args.concurrency);

  console.log(`Generating or reusing ${lines.toLocaleString('en')} ${format} lines...`);
  const server = await startServer(__filename, {
    lines,
    format,
    seed: Number(args.seed),
    dataDir: args['data-dir'] ?? '.data/bench',
    regenerate: args.regenerate ?? false,
  });
  const { endpoint, info } = server;
  process.env.AWS_ACCESS_KEY_ID ??= CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= CREDENTIALS.secretAccessKey;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  const storeDir = await mkdtemp(path.join(os.tmpdir(), 'bench-store-'));
  try {
    console.log(
      `${info.objects} objects, ${(info.bytes / 1e6).toFixed(1)} MB gzip; measuring the floor...`,
    );
    const floor = await measureFloor(client, info, concurrency);

    // The server starts its parse workers and warms them up when it starts (sync-service.ts), so
    // a cold load meets warm workers; --cold-workers measures a load right after start-up instead.
    const parser = await sharedParser(
      args['parse-workers'] === undefined ? undefined : Number(args['parse-workers']),
    );
    if (!args['cold-workers']) {
      const warming = performance.now();
      await warmUpParser(parser, warmUpTemplates([[{ template, effectiveFrom: null }]]));
      console.log(`Parse workers warmed up in ${Math.round(performance.now() - warming)} ms.`);
    }
    console.log('Cold load into a fresh store...');
    const store = await Store.open({
      file: path.join(storeDir, 'logs.duckdb'),
      tempDir: path.join(storeDir, 'tmp'),
      memoryLimitMb: Number(args['memory-mb']),
      loadMemoryLimitMb: Number(args['load-memory-mb']),
      stageMb: Number(args['stage-mb']),
    });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const progress = idleProgress();
    const coldStart = performance.now();
    const coldCpu = process.cpuUsage();
    const s3Cpu = childCpuSeconds(server.child.pid);
    const source = openS3Source({
      kind: 's3',
      id: 'bench',
      bucket: BUCKET,
      prefixTemplate: '',
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
    });
    await syncSource(
      store,
      source,
      [{ template, effectiveFrom: null }],
      { from: info.start, to: info.end },
      {
        progress,
        concurrency,
        now: info.end + 6 * HOUR,
        freshnessMs: 0,
        parser,
      },
    );
    const coldSeconds = (performance.now() - coldStart) / 1000;
    const used = process.cpuUsage(coldCpu);
    const coldCpuSeconds = (used.user + used.system) / 1e6;
    const s3CpuSeconds = childCpuSeconds(server.child.pid) - s3Cpu;
    if (progress.issues.length > 0)
      throw new Error(`sync problems: ${JSON.stringify(progress.issues.slice(0, 3))}`);
    // Records staged in memory move to the file in the background (staging.ts): hot queries are
    // measured after that, and the peak RSS includes it.
    await store.settled();
    const persistSeconds = (performance.now() - coldStart) / 1000 - coldSeconds;
    clearInterval(sampler);

    const engine = new DuckDbQueryEngine(store);
    const stored = await engine.queryCount({
      range: { kind: 'absolute', from: info.start - HOUR, to: info.end + HOUR },
      conditions: [],
    });
    const between = (from: number, to: number, conditions: FilterCondition[] = []) => ({
      range: { kind: 'absolute' as const, from, to },
      conditions,
    });
    const runSet = async (filter: ReturnType<typeof between>, e = engine) => {
      e.cache.clear();
      const started = performance.now();
      await Promise.all([
        e.querySummary(filter),
        e.queryHistogram(filter),
        e.queryLatencySeries(filter),
        e.queryTopN('route', filter, 10),
        e.queryTopN('path', filter, 10),
        e.queryTopN('ip', filter, 10),
        e.queryTopN('status', filter, 10),
        e.queryTopN('userAgent', filter, 10),
        e.queryCount(filter),
        e.queryRows(filter, { column: 'time', direction: 'desc' }, { index: 0, size: 50 }),
      ]);
      return performance.now() - started;
    };
    const runs = Math.max(1, Number(args.runs));
    console.log(`Hot query sets (${runs} runs each)...`);
    await runSet(between(info.start, info.end));
    const hot: number[] = [];
    for (let i = 0; i < runs; i++) hot.push(await runSet(between(info.start, info.end)));
    // The same clock hour whatever the number of lines (every data set ends at the same time and
    // has the same traffic per hour), so the 1-hour figures of 1M and 10M lines read the same
    // number of rows and differ only by how much else the store holds. (The middle of the range,
    // used before, was a night hour at 1M and a midday hour at 10M: 16k against 72k rows.)
    const hourFrom = Math.max(info.start, Math.floor((info.end - 12 * HOUR) / HOUR) * HOUR);
    const hourRows = await engine.queryCount({
      range: { kind: 'absolute', from: hourFrom, to: hourFrom + HOUR },
      conditions: [],
    });
    await runSet(between(hourFrom, hourFrom + HOUR));
    const hour: number[] = [];
    for (let i = 0; i < runs; i++) hour.push(await runSet(between(hourFrom, hourFrom + HOUR)));

    // Free text over the whole range, as someone pasting a client IP into the search box: the
    // page's query set with a fresh engine each time (nothing cached, the text tested again).
    const ips = (await engine.queryTopN('ip', between(info.start, info.end), runs)).map(
      (e) => e.value,
    );
    const text: number[] = [];
    for (const ip of ips) {
      const search = between(info.start, info.end, [{ field: 'text', value: ip, exclude: false }]);
      text.push(await runSet(search, new DuckDbQueryEngine(store)));
    }

    await store.writer.run('CHECKPOINT');
    const storeBytes =
      (await stat(path.join(storeDir, 'logs.duckdb'))).size +
      ((await stat(path.join(storeDir, 'logs.duckdb.wal')).catch(() => null))?.size ?? 0);
    // The file keeps blocks freed while loading (and reuses them later): the blocks in use are the
    // steadier figure of the two.
    const usedMb = await usedMegabytes(store.writer);
    store.close();

    const result = {
      lines,
      format,
      coldSeconds: round(coldSeconds, 2),
      coldLinesPerSec: Math.round(stored / coldSeconds),
      floorSeconds: round(floor.seconds, 2),
      persistSeconds: round(persistSeconds, 2),
      hotP50Ms: round(percentile(hot, 0.5), 1),
      hotP95Ms: round(percentile(hot, 0.95), 1),
      hourP95Ms: round(percentile(hour, 0.95), 1),
      textP50Ms: round(percentile(text, 0.5), 1),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      storeMb: round(storeBytes / 1024 / 1024, 1),
      storeUsedMb: round(usedMb, 1),
    };
    const table: [string, string][] = [
      [
        'lines generated / stored',
        `${lines.toLocaleString('en')} / ${stored.toLocaleString('en')}`,
      ],
      ['format', format],
      ['objects (gzip MB)', `${floor.objects} (${(info.bytes / 1e6).toFixed(1)})`],
      [
        'cold: S3 -> queryable',
        `${result.coldSeconds} s (${result.coldLinesPerSec.toLocaleString('en')} lines/s)`,
      ],
      ['floor: download + gunzip', `${result.floorSeconds} s`],
      ['then staged records persisted in', `${result.persistSeconds} s`],
      [
        'cold CPU: this process / S3 server',
        `${round(coldCpuSeconds, 1)} s / ${round(s3CpuSeconds, 1)} s`,
      ],
      ['hot set, whole range p50 / p95', `${result.hotP50Ms} / ${result.hotP95Ms} ms`],
      [
        'hot set, 1-hour window p95',
        `${result.hourP95Ms} ms (${hourRows.toLocaleString('en')} rows, from ${new Date(hourFrom).toISOString()})`,
      ],
      ['free text (a client IP), whole range p50', `${result.textP50Ms} ms (${ips.length} IPs)`],
      ['peak RSS while syncing', `${result.peakRssMb} MB`],
      ['store size: file / blocks in use', `${result.storeMb} / ${result.storeUsedMb} MB`],
    ];
    printReport(table, result);
  } finally {
    client.destroy();
    server.child.stdin?.end();
    if (args['keep-store']) console.error(`store kept in ${storeDir}`);
    else await rm(storeDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
