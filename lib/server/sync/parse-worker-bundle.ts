import 'server-only';
import path from 'node:path';

/**
 * The parse worker's code as one CommonJS script. Worker threads cannot load the app's
 * TypeScript (nor Next.js's bundle of it), so the worker entry and the format engine are bundled
 * with esbuild when the first pool starts: about 0.1 s, once per process, and always in step with
 * the sources. Returns null, with the reason, when that is not possible (esbuild not installed,
 * sources not shipped); callers then parse on the main thread.
 */
export async function bundleParseWorker(
  root = process.cwd(),
): Promise<{ code: string } | { error: string }> {
  try {
    const esbuild = await import('esbuild');
    const output = await esbuild.build({
      entryPoints: [path.join(root, 'lib/server/sync/parse-worker.ts')],
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // The worker holds no secrets and no request context: the guard does not apply there.
      alias: { 'server-only': path.join(root, 'lib/testing/server-only-noop.ts') },
    });
    return { code: output.outputFiles[0].text };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
