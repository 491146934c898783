import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FirehoseObject } from './firehose-objects';

/** Where generated objects go: a local folder mirroring the S3 layout, or a bucket. */
export type ObjectSink = (object: FirehoseObject) => Promise<void>;

/** Writes `dir/<key>`; the file time is the delivery time, as S3's LastModified would be. */
export function createDirectorySink(dir: string): ObjectSink {
  const root = path.resolve(dir);
  const created = new Set<string>();
  return async (object) => {
    const file = path.resolve(root, object.key);
    if (!file.startsWith(root + path.sep))
      throw new Error(`object key escapes the output folder: ${object.key}`);
    const folder = path.dirname(file);
    if (!created.has(folder)) {
      await mkdir(folder, { recursive: true });
      created.add(folder);
    }
    await writeFile(file, object.body);
    const delivered = new Date(object.delivered);
    await utimes(file, delivered, delivered);
  };
}

export function createS3Sink(client: S3Client, bucket: string): ObjectSink {
  return async (object) => {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: object.key,
        Body: object.body,
        ContentLength: object.body.length,
        ContentType: 'application/octet-stream',
      }),
    );
  };
}

export interface WriteSummary {
  objects: number;
  records: number;
  /** Compressed bytes written. */
  bytes: number;
}

/**
 * Drains objects into a sink with at most `concurrency` writes in flight. The first failure stops
 * the run and is rethrown once the writes already started have settled.
 */
export async function writeObjects(
  objects: Iterable<FirehoseObject> | AsyncIterable<FirehoseObject>,
  sink: ObjectSink,
  options: { concurrency?: number; onObject?: (object: FirehoseObject) => void } = {},
): Promise<WriteSummary> {
  const limit = Math.max(1, options.concurrency ?? 8);
  const summary: WriteSummary = { objects: 0, records: 0, bytes: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;

  for await (const object of objects) {
    if (failure) break;
    const write = sink(object).then(
      () => {
        summary.objects++;
        summary.records += object.records;
        summary.bytes += object.body.length;
        options.onObject?.(object);
      },
      (error: unknown) => {
        failure ??= { error };
      },
    );
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw (failure as { error: unknown }).error;
  return summary;
}
