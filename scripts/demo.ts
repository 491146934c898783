/**
 * `npm run demo`: the whole product on one machine, loopback only — an embedded S3 (s3rver) seeded with
 * generated Firehose objects on first start, and the Next.js app in production mode reading it.
 * Ctrl-C stops everything; the next start reuses the data folder.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedS3 } from './demo/s3-server';
import { buildApp, isBuildStale, startApp } from './demo/next-app';
import { startDemoControlPlane, DEMO_STAGE } from './demo/control-plane';
import { startLiveTraffic } from './demo/live-traffic';
import { createDemoS3Client, recordDemoFormatHistory, seedBucketIfEmpty } from './demo/seed';
import { ensureAdminAccount, ensureAuthSecret } from './demo/admin-account';

const USAGE = `Usage: npm run demo -- [options]
  --port N         dashboard port (default 3000)
  --s3-port N      embedded S3 port (default 4569)
  --apigw-port N   local API Gateway control plane port (default 4510)
  --live-every S   deliver new traffic every S seconds in the stage's current format (default 60; 0 = off)
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
      'apigw-port': { type: 'string', default: '4510' },
      'live-every': { type: 'string', default: '60' },
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

  const storeDir = path.join(dataDir, 'store');
  if (seeded.switchAt !== null) recordDemoFormatHistory(storeDir, seeded.switchAt);

  const admin = await ensureAdminAccount({
    dataDir: storeDir,
    password: process.env.ADMIN_PASSWORD,
  });
  const authSecret = ensureAuthSecret(storeDir);

  const controlPlane = await startDemoControlPlane({
    port: Number(values['apigw-port']),
    dataDir,
  });
  log(`Local API Gateway control plane on ${controlPlane.endpoint}`);

  const liveEvery = Number(values['live-every']);
  const liveS3 = createDemoS3Client(s3.endpoint, REGION);
  const stopLiveTraffic =
    liveEvery > 0
      ? startLiveTraffic({
          s3: liveS3,
          bucket: BUCKET,
          controlPlane: { endpoint: controlPlane.endpoint, region: REGION },
          stage: DEMO_STAGE,
          intervalMs: liveEvery * 1000,
          // The seeded history's average rate, so the live tail looks like the rest.
          requestsPerInterval: Math.max(
            1,
            Math.round((Number(values.lines) / (Number(values.hours) * 3600)) * liveEvery),
          ),
          seed: Number(values.seed),
          onError: (error) =>
            console.error('live traffic:', error instanceof Error ? error.message : error),
        })
      : () => undefined;

  if (isBuildStale(root)) {
    log('Building the app (first start or sources changed)...');
    await buildApp(root);
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
      DATA_DIR: storeDir,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
      NEXTAUTH_SECRET: authSecret,
      APIGATEWAY_ENDPOINT: controlPlane.endpoint,
    },
  });

  console.log(`\nDashboard: http://localhost:${port}`);
  if (admin.password) {
    console.log(`Sign in as "${admin.username}" with password: ${admin.password}`);
    console.log(
      '(shown once; set ADMIN_PASSWORD to choose it, or `npm run users -- reset-password admin`)',
    );
  } else {
    console.log(
      `Sign in as "${admin.username}" with the password printed on first start (or ADMIN_PASSWORD).`,
    );
  }
  console.log('Press Ctrl-C to stop.\n');

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    stopLiveTraffic();
    app.kill('SIGTERM');
    liveS3.destroy();
    await controlPlane.close().catch(() => undefined);
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
