/** Builds the Next.js app when the build is missing or older than the sources, and runs it in production mode. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The server's first old generation, as `npm start` sets it (package.json). */
const SERVER_INITIAL_OLD_SPACE_MB = 128;

const SOURCE_ROOTS = [
  'app',
  'components',
  'lib',
  'public',
  'next.config.js',
  'package-lock.json',
  'instrumentation.ts',
  'proxy.ts',
];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry))
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function isBuildStale(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCE_ROOTS.some((entry) => newestMtime(path.join(root, entry)) > built);
}

/** Asynchronous, so the embedded servers in this process keep answering while Next builds. */
export async function buildApp(root: string): Promise<void> {
  const build = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const code = await new Promise<number | null>((resolve) => build.on('exit', resolve));
  if (code !== 0) throw new Error('next build failed (see its output above)');
}

export function startApp(options: {
  root: string;
  port: number;
  env: Record<string, string>;
}): ChildProcess {
  return spawn(
    process.execPath,
    [
      // As `npm start`: a larger first old generation spares the sync's main thread a full
      // collection every 100 ms while it loads (see lib/server/sync/parse-pool.ts).
      `--initial-old-space-size=${SERVER_INITIAL_OLD_SPACE_MB}`,
      require.resolve('next/dist/bin/next'),
      'start',
      '--hostname',
      '127.0.0.1',
      '--port',
      String(options.port),
    ],
    {
      cwd: options.root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...options.env },
    },
  );
}
