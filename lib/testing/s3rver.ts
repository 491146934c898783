/**
 * An S3-compatible server (s3rver, the real S3 wire protocol) on 127.0.0.1 with a random port and
 * a throwaway folder, for tests that must talk to "S3" through @aws-sdk/client-s3 exactly as the
 * app does. s3rver accepts the access key S3RVER / secret S3RVER; the helper puts them in the
 * environment (when unset) so code using the SDK's default credential chain finds them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export const TEST_S3_REGION = 'us-east-1';
export const TEST_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3 {
  endpoint: string;
  region: string;
  /** A client with path-style addressing and the s3rver credentials. */
  client: S3Client;
  /** Folder where s3rver keeps the buckets. */
  directory: string;
  stop(): Promise<void>;
}

export async function startTestS3(options: { buckets: readonly string[] }): Promise<TestS3> {
  process.env.AWS_ACCESS_KEY_ID ??= TEST_S3_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= TEST_S3_CREDENTIALS.secretAccessKey;
  const directory = await mkdtemp(path.join(os.tmpdir(), 'test-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const address: AddressInfo = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    region: TEST_S3_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: TEST_S3_CREDENTIALS,
  });
  return {
    endpoint,
    region: TEST_S3_REGION,
    client,
    directory,
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
