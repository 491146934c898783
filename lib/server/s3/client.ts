import 'server-only';
import { S3Client } from '@aws-sdk/client-s3';

export interface S3Location {
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
}

/** Throttling and 5xx are retried by the SDK itself, with adaptive client-side rate limiting. */
export const S3_MAX_ATTEMPTS = 5;

const clients = new Map<string, S3Client>();

/**
 * One client per region/endpoint for the process (connection reuse matters when downloading
 * hundreds of small objects). Credentials come from the SDK's default provider chain.
 */
export function getS3Client(location: S3Location): S3Client {
  const key = JSON.stringify([
    location.region,
    location.endpoint ?? '',
    location.forcePathStyle ?? false,
  ]);
  let client = clients.get(key);
  if (!client) {
    client = createS3Client(location);
    clients.set(key, client);
  }
  return client;
}

export function createS3Client(location: S3Location): S3Client {
  return new S3Client({
    region: location.region,
    endpoint: location.endpoint,
    forcePathStyle: location.forcePathStyle ?? location.endpoint !== undefined,
    maxAttempts: S3_MAX_ATTEMPTS,
    retryMode: 'adaptive',
  });
}
