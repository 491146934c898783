/** First-start seeding of the demo bucket with a generated history of Firehose objects. */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { findPreset } from '@/lib/formats/presets';
import type { FormatChange } from '@/lib/generator/firehose-objects';
import { generateHistory } from '@/lib/generator/generate-history';
import { createS3Sink } from '@/lib/generator/write-objects';
import {
  createFormatHistoryStore,
  DEFAULT_SOURCE_ID,
  FORMAT_HISTORY_FILE,
} from '@/lib/server/format-history';
import path from 'node:path';
import { DEMO_STAGE } from './control-plane';

export const DEMO_STREAM = 'demo-pets-prod';

function presetTemplate(id: string): string {
  const preset = findPreset(id);
  if (!preset) throw new Error(`unknown preset ${id}`);
  return preset.template;
}

/**
 * The demo stage's format history: the console's CLF preset until `switchAt`, then a JSON format with
 * latency, user agent and path. Older objects keep parsing with the old format.
 */
export function demoFormatHistory(switchAt: number): FormatChange[] {
  return [
    { template: presetTemplate('clf'), effectiveFrom: null },
    { template: presetTemplate('custom-json'), effectiveFrom: switchAt },
  ];
}

export function createDemoS3Client(endpoint: string, region: string): S3Client {
  return new S3Client({
    region,
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

async function countObjects(client: S3Client, bucket: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    count += page.KeyCount ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

export interface SeedResult {
  created: boolean;
  objects: number;
  records: number;
  seconds: number;
  /** When the demo stage switched formats (epoch ms), or null when the bucket was already seeded. */
  switchAt: number | null;
}

export async function seedBucketIfEmpty(options: {
  endpoint: string;
  bucket: string;
  region: string;
  lines: number;
  hours: number;
  seed: number;
}): Promise<SeedResult> {
  const client = createDemoS3Client(options.endpoint, options.region);
  try {
    const existing = await countObjects(client, options.bucket);
    if (existing > 0)
      return { created: false, objects: existing, records: 0, seconds: 0, switchAt: null };
    const end = Date.now();
    const start = end - options.hours * 3_600_000;
    const switchAt = end - Math.floor((options.hours * 3_600_000) / 2);
    const summary = await generateHistory({
      seed: options.seed,
      start,
      end,
      lines: options.lines,
      formats: demoFormatHistory(switchAt),
      stream: DEMO_STREAM,
      sink: createS3Sink(client, options.bucket),
    });
    return {
      created: true,
      objects: summary.objects,
      records: summary.records,
      seconds: summary.seconds,
      switchAt,
    };
  } finally {
    client.destroy();
  }
}

/**
 * Tells the app what the seeded history holds: the demo stage feeds the default source, which logged
 * CLF until `switchAt` and the JSON format since, exactly as the settings page would have recorded it.
 */
export function recordDemoFormatHistory(storeDir: string, switchAt: number): void {
  const history = createFormatHistoryStore(path.join(storeDir, FORMAT_HISTORY_FILE));
  const stage = {
    region: 'us-east-1',
    apiKind: 'rest' as const,
    apiId: DEMO_STAGE.restApiId,
    stageName: DEMO_STAGE.stageName,
  };
  const [first, second] = demoFormatHistory(switchAt);
  history.linkStageToSource(stage, DEFAULT_SOURCE_ID, { linkedBy: 'demo' });
  history.appendFormatChange(DEFAULT_SOURCE_ID, { ...first, changedBy: 'demo', stage });
  history.appendFormatChange(DEFAULT_SOURCE_ID, { ...second, changedBy: 'demo', stage });
}
