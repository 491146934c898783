import 'server-only';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { getConfig } from '@/lib/env';

export interface ListedObject {
  key: string;
  size: number;
  lastModified: number | null;
}

let client: S3Client | undefined;

function getS3Client(): S3Client {
  const config = getConfig();
  client ??= new S3Client({
    region: config.region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3ForcePathStyle,
    maxAttempts: 3,
  });
  return client;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Firehose's hour prefix for a UTC hour, honouring `!{timestamp:...}` expressions in the configured prefix. */
function hourPrefix(template: string, hour: Date): string {
  const parts: Record<string, string> = {
    yyyy: String(hour.getUTCFullYear()),
    MM: pad(hour.getUTCMonth() + 1),
    dd: pad(hour.getUTCDate()),
    HH: pad(hour.getUTCHours()),
  };
  if (!template.includes('!{timestamp:')) {
    return `${template}${parts.yyyy}/${parts.MM}/${parts.dd}/${parts.HH}/`;
  }
  return template.replace(/!\{timestamp:([^}]+)\}/g, (_, pattern: string) =>
    pattern.replace(/yyyy|MM|dd|HH/g, (token) => parts[token]),
  );
}

/** Objects Firehose delivered in the last `hours` hours (plus the current hour), newest first. */
export async function listRecentObjects(hours = 24, signal?: AbortSignal): Promise<ListedObject[]> {
  const config = getConfig();
  const s3 = getS3Client();
  const now = Date.now();
  const objects: ListedObject[] = [];
  for (let h = 0; h <= hours; h++) {
    const prefix = hourPrefix(config.prefixTemplate, new Date(now - h * 3_600_000));
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: config.bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
        { abortSignal: signal },
      );
      for (const item of page.Contents ?? []) {
        if (!item.Key) continue;
        objects.push({
          key: item.Key,
          size: item.Size ?? 0,
          lastModified: item.LastModified?.getTime() ?? null,
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return objects.sort((a, b) => b.key.localeCompare(a.key));
}

/** Cheap reachability check for the health route. */
export async function checkBucketReachable(): Promise<{ ok: true } | { ok: false; error: string }> {
  const config = getConfig();
  try {
    await getS3Client().send(new ListObjectsV2Command({ Bucket: config.bucket, MaxKeys: 1 }));
    return { ok: true };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `${name}: ${message}` };
  }
}
