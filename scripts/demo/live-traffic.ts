/**
 * Keeps the demo alive: every interval, generates the requests of the interval just past and delivers
 * them as Firehose objects in the stage's *current* format (read through the API Gateway API), so a
 * format saved on the settings page visibly changes what new data the dashboard receives.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { generateHistory } from '@/lib/generator/generate-history';
import { createS3Sink } from '@/lib/generator/write-objects';
import { readRestStageFormat } from '@/lib/local-aws/read-stage-format';

const STREAM_PREFIX = 'amazon-apigateway-';

export interface LiveTrafficOptions {
  s3: S3Client;
  bucket: string;
  controlPlane: { endpoint: string; region: string };
  stage: { restApiId: string; stageName: string };
  intervalMs: number;
  requestsPerInterval: number;
  seed: number;
  onError: (error: unknown) => void;
}

function streamFromArn(arn: string): string | null {
  const name = arn.split(':deliverystream/')[1];
  return name?.startsWith(STREAM_PREFIX) ? name.slice(STREAM_PREFIX.length) : null;
}

export function startLiveTraffic(options: LiveTrafficOptions): () => void {
  let last = Date.now();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const end = Date.now();
    const start = last;
    last = end;
    void deliverInterval(options, start, end)
      .catch(options.onError)
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  return () => clearInterval(timer);
}

async function deliverInterval(options: LiveTrafficOptions, start: number, end: number) {
  const settings = await readRestStageFormat({ ...options.controlPlane, ...options.stage });
  // Logging disabled, or pointed at CloudWatch: API Gateway writes nothing to the bucket.
  const stream = settings ? streamFromArn(settings.destinationArn) : null;
  if (!settings || !stream) return;
  await generateHistory({
    // Mixed with the interval's start, not a counter: a restarted demo must not replay request ids
    // already delivered (the store would rightly drop them as Firehose redeliveries).
    seed: (options.seed * 1_000_003 + Math.floor(start / 1000)) % 2 ** 31,
    start,
    end,
    lines: options.requestsPerInterval,
    formats: [{ template: settings.format, effectiveFrom: null }],
    stream,
    // Short buffering so new data shows up within a minute or two.
    bufferIntervalMs: 60_000,
    sink: createS3Sink(options.s3, options.bucket),
  });
}
