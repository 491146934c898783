import 'server-only';
import { getConfig } from '@/lib/env';
import { getS3Client } from '@/lib/server/s3/client';
import { classifyS3Error } from '@/lib/server/s3/errors';
import { listObjectsUnder, type ListedObject } from '@/lib/server/s3/list-objects';
import { floorHour, prefixesForHours } from '@/lib/server/s3/prefix-template';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';

const HOUR_MS = 3_600_000;

function configuredBucket() {
  const config = getConfig();
  const location = {
    bucket: config.bucket,
    region: config.region,
    endpoint: config.s3Endpoint,
  };
  const client = getS3Client({
    region: config.region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3ForcePathStyle,
  });
  return { config, location, client };
}

/**
 * The hours whose prefixes hold what Firehose delivered in the last `hours` hours: those, the
 * current hour and the next one, newest first. The next hour too: an object's key carries its
 * arrival time by Firehose's clock, which may run ahead of ours, so in the last minutes of an hour
 * new objects can already sit under the next hour's prefix.
 */
export function recentHourStarts(now: number, hours: number): number[] {
  const next = floorHour(now) + HOUR_MS;
  return Array.from({ length: hours + 2 }, (_, i) => next - i * HOUR_MS);
}

/** Objects Firehose delivered in the last `hours` hours (see recentHourStarts), newest first. */
export async function listRecentObjects(hours = 24, signal?: AbortSignal): Promise<ListedObject[]> {
  const { config, location, client } = configuredBucket();
  const hourStarts = recentHourStarts(Date.now(), hours);
  const prefixes = [...prefixesForHours(config.prefixTemplate, hourStarts).keys()];
  const lists = await Promise.all(
    prefixes.map((prefix) => listObjectsUnder(client, location, prefix, signal)),
  );
  return lists.flat().sort((a, b) => b.key.localeCompare(a.key));
}

/** Cheap reachability check for the health route: one key, with the error in words. */
export async function checkBucketReachable(): Promise<{ ok: true } | { ok: false; error: string }> {
  const { location, client } = configuredBucket();
  try {
    await client.send(new ListObjectsV2Command({ Bucket: location.bucket, MaxKeys: 1 }));
    return { ok: true };
  } catch (error) {
    return { ok: false, error: classifyS3Error(error, { operation: 'list', ...location }).message };
  }
}
