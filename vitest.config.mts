import { defineConfig } from 'vitest/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // 'server-only' throws outside a React Server environment; tests run server code directly.
      'server-only': path.resolve(root, 'lib/testing/server-only-noop.ts'),
    },
  },
  test: {
    include: ['{lib,app,components,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    // s3rver signs ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers as legacy.
    execArgv: ['--openssl-legacy-provider'],
  },
});
