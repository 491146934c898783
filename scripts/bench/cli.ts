/** The bench's command line, and running it under the conditions and flags the server has. */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

export function options() {
  const { values } = parseArgs({
    options: {
      lines: { type: 'string', default: '1000000' },
      format: { type: 'string', default: 'clf' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '8' },
      'parse-workers': { type: 'string' },
      'memory-mb': { type: 'string', default: '768' },
      'load-memory-mb': { type: 'string', default: '384' },
      'stage-mb': { type: 'string', default: '640' },
      'data-dir': { type: 'string', default: '.data/bench' },
      regenerate: { type: 'boolean', default: false },
      'keep-store': { type: 'boolean', default: false },
      'cold-workers': { type: 'boolean', default: false },
      'serve-s3': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  return values;
}

/**
 * Server modules are guarded by 'server-only', which only imports under the react-server
 * condition: without it, runs `script` again with it (and with the server's heap flag, as
 * package.json's start and scripts/demo/next-app.ts run the app). True when it relaunched.
 */
export function relaunchWithServerCondition(script: string): boolean {
  if (process.execArgv.some((a) => a.includes('react-server'))) return false;
  const child = spawn(
    process.execPath,
    [
      '--initial-old-space-size=128',
      '--conditions=react-server',
      '--import',
      'tsx',
      script,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  child.on('exit', (code) => process.exit(code ?? 1));
  return true;
}
