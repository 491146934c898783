/**
 * `npm run demo`: the whole product on one machine, loopback only — an embedded S3 (s3rver) seeded with
 * generated Firehose objects on first start, and the Next.js app in production mode reading it.
 * Ctrl-C stops everything; the next start reuses the data folder.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedS3 } from './demo/s3-server';
import { buildApp, isBuildStale, startApp } from './demo/next-app';
import { seedBucketIfEmpty } from './demo/seed';

const USAGE = `Usage: npm run demo -- [options]
  --port N         dashboard port (default 3000)
  --s3-port N      embedded S3 port (default 4569)
  --data-dir DIR   where the demo keeps its S3 objects and store (default .data/demo)
  --lines N        lines to generate on first start (default 400000)
  --hours N        hours of history to generate (default 48)
  --seed N         generator seed (default 42)
  --quiet          less output
  --help`;

const BUCKET = 'demo-apigw-logs';
const REGION = 'us-east-1';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3000' },
      's3-port': { type: 'string', default: '4569' },
      'data-dir': { type: 'string', default: '.data/demo' },
      lines: { type: 'string', default: '400000' },
      hours: { type: 'string', default: '48' },
      seed: { type: 'string', default: '42' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const root = path.resolve(__dirname, '..');
  const dataDir = path.resolve(root, values['data-dir']);
  const port = Number(values.port);
  const log = (line: string) => {
    if (!values.quiet) console.log(line);
  };

  const s3 = await startEmbeddedS3({
    port: Number(values['s3-port']),
    directory: path.join(dataDir, 's3'),
    bucket: BUCKET,
  });
  log(
    `Embedded S3 on ${s3.endpoint} (bucket ${BUCKET}, data in ${path.relative(root, dataDir)}/s3)`,
  );

  const seeded = await seedBucketIfEmpty({
    endpoint: s3.endpoint,
    bucket: BUCKET,
    region: REGION,
    lines: Number(values.lines),
    hours: Number(values.hours),
    seed: Number(values.seed),
  });
  log(
    seeded.created
      ? `Seeded ${seeded.objects} Firehose objects (${seeded.records} records) in ${seeded.seconds.toFixed(1)} s`
      : `Reusing ${seeded.objects} objects already in the bucket`,
  );

  if (isBuildStale(root)) {
    log('Building the app (first start or sources changed)...');
    buildApp(root);
  }

  const app = startApp({
    root,
    port,
    env: {
      LOG_BUCKET: BUCKET,
      AWS_REGION: REGION,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      DATA_DIR: path.join(dataDir, 'store'),
    },
  });

  console.log(`\nDashboard: http://localhost:${port}`);
  console.log(
    'Sign-in is not enabled yet: the demo is open to anyone who can reach this port (loopback only).',
  );
  console.log('Press Ctrl-C to stop.\n');

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    app.kill('SIGTERM');
    await s3.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  app.on('exit', (code) => void stop(code ?? 1));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
