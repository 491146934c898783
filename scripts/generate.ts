/**
 * `npm run generate -- --help`: writes synthetic API Gateway access logs laid out exactly as
 * Kinesis Data Firehose delivers them, into a folder or an S3 bucket.
 */
import { CreateBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import {
  GENERATE_USAGE,
  UsageError,
  parseGenerateArgs,
  type S3Destination,
} from '@/lib/generator/cli-options';
import { generateHistory } from '@/lib/generator/generate-history';
import { createDirectorySink, createS3Sink, type ObjectSink } from '@/lib/generator/write-objects';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function createClient(destination: S3Destination): S3Client {
  const local =
    destination.endpoint !== undefined &&
    LOOPBACK.has(new URL(destination.endpoint).hostname) &&
    !process.env.AWS_ACCESS_KEY_ID &&
    !process.env.AWS_PROFILE;
  return new S3Client({
    region: destination.region,
    endpoint: destination.endpoint,
    forcePathStyle: destination.endpoint !== undefined,
    // s3rver accepts any signature from its well-known key pair.
    credentials: local ? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } : undefined,
  });
}

async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const exists =
      error instanceof S3ServiceException &&
      (error.name === 'BucketAlreadyOwnedByYou' || error.name === 'BucketAlreadyExists');
    if (!exists) throw error;
  }
}

async function main(): Promise<void> {
  const command = parseGenerateArgs(process.argv.slice(2), Date.now(), process.env);
  if (command === 'help') {
    process.stdout.write(GENERATE_USAGE);
    return;
  }
  let sink: ObjectSink;
  let target: string;
  if (command.destination.kind === 's3') {
    const client = createClient(command.destination);
    if (command.destination.createBucket) await ensureBucket(client, command.destination.bucket);
    sink = createS3Sink(client, command.destination.bucket);
    target = `s3://${command.destination.bucket}/${command.destination.endpoint ? ` (${command.destination.endpoint})` : ''}`;
  } else {
    sink = createDirectorySink(command.destination.dir);
    target = command.destination.dir;
  }
  const summary = await generateHistory({
    seed: command.seed,
    start: command.start,
    end: command.end,
    lines: command.lines,
    formats: command.formats,
    stream: command.stream,
    prefix: command.prefix,
    hostileFraction: command.hostileFraction,
    duplicateFraction: command.duplicateFraction,
    bufferIntervalMs: command.bufferIntervalMs,
    bufferBytes: command.bufferBytes,
    gzipLevel: command.gzipLevel,
    writeConcurrency: command.concurrency,
    sink,
  });
  console.log(
    `generated ${summary.objects} objects, ${summary.records} records (${command.lines} requests), ` +
      `${summary.bytes} bytes gzip in ${summary.seconds.toFixed(2)} s ` +
      `(${Math.round(summary.linesPerSecond)} lines/s) -> ${target}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`generate: ${error.message}\n\n${GENERATE_USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
