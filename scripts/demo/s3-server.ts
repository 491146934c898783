/** The embedded S3: s3rver speaks the real S3 wire protocol, storing objects in a local folder. */
import S3rver from 's3rver';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers through its
 * legacy provider: without it every truncated listing fails with InternalError.
 */
function assertLegacyCiphers(): void {
  try {
    createCipheriv('des', Buffer.alloc(8), randomBytes(8));
  } catch {
    throw new Error(
      'The embedded S3 needs Node started with --openssl-legacy-provider (npm run demo does this).',
    );
  }
}

export interface EmbeddedS3 {
  endpoint: string;
  stop: () => Promise<void>;
}

export async function startEmbeddedS3(options: {
  port: number;
  directory: string;
  bucket: string;
}): Promise<EmbeddedS3> {
  assertLegacyCiphers();
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    // Creates the bucket if it is missing; keeps existing objects, so a restart reuses seeded data.
    configureBuckets: [{ name: options.bucket }],
  });
  try {
    await server.run();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `Port ${options.port} is in use: is another demo running? Stop it or pass --s3-port.`,
      );
    }
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: () => server.close(),
  };
}
