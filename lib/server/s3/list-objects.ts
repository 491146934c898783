import 'server-only';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { classifyS3Error } from './errors';
import { isErrorOutputKey } from './prefix-template';

export interface ListedObject {
  key: string;
  etag: string;
  size: number;
  lastModified: number;
}

export interface BucketLocation {
  bucket: string;
  region?: string;
  endpoint?: string;
}

/** Every object under one prefix, page by page (1000 keys per request), error outputs skipped. */
export async function listObjectsUnder(
  client: S3Client,
  location: BucketLocation,
  prefix: string,
  signal?: AbortSignal,
): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      signal?.throwIfAborted();
      page = await client.send(
        new ListObjectsV2Command({
          Bucket: location.bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw classifyS3Error(error, { operation: 'list', ...location });
    }
    for (const item of page.Contents ?? []) {
      if (!item.Key || item.Key.endsWith('/') || isErrorOutputKey(item.Key)) continue;
      objects.push({
        key: item.Key,
        etag: (item.ETag ?? '').replaceAll('"', ''),
        size: item.Size ?? 0,
        lastModified: item.LastModified?.getTime() ?? 0,
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** An object's bytes as stored (gzip or not: the format engine looks at the magic bytes). */
export async function getObjectBytes(
  client: S3Client,
  location: BucketLocation,
  key: string,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  try {
    const response = await client.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: key }),
      {
        abortSignal: signal,
      },
    );
    if (!response.Body) return new Uint8Array(0);
    return await response.Body.transformToByteArray();
  } catch (error) {
    throw classifyS3Error(error, { operation: 'get', key, ...location });
  }
}
