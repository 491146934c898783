/**
 * Test-side access to the demo's embedded S3, independent of the app: reads the delivered objects
 * and extracts records with a few field regexes (no code from lib/formats or the store), and
 * delivers extra objects the way Firehose would. Used by the dashboard, export and XSS specs.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { buildObjectKey } from '@/lib/generator/firehose-keys';
import { generateRequests, type ContextValues } from '@/lib/generator/traffic';
import { readRestStageFormat } from '@/lib/local-aws/read-stage-format';
import { tokenizeTemplate, renderTemplate } from '@/lib/formats/template-tokens';
import { findPreset } from '@/lib/formats/presets';

// playwright.config.ts runs the demo with these ports (the control plane on its default port);
// the variables let a second copy of the stack run beside it.
export const BUCKET = 'demo-apigw-logs';
const S3_ENDPOINT = `http://127.0.0.1:${process.env.E2E_S3_PORT ?? '4670'}`;
const APIGW_ENDPOINT = `http://127.0.0.1:${process.env.E2E_APIGW_PORT ?? '4610'}`;
const REGION = 'us-east-1';
const DEMO_STAGE = { restApiId: 'pets4x7k2p', stageName: 'prod' };

export function createS3(): S3Client {
  return new S3Client({
    region: REGION,
    endpoint: S3_ENDPOINT,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

export async function listKeys(s3: S3Client): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function readObject(s3: S3Client, key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** What the count checks need of a record of the demo's JSON format (`custom-json`). */
export interface JsonRecord {
  requestId: string;
  epoch: number;
  method: string;
  status: number | null;
}

const FIELD = {
  requestId: /"requestId":"([^"]+)"/,
  epoch: /"epoch":(\d+)/,
  method: /"method":"([A-Z]+)"/,
  status: /"status":(\d+|-)/,
};

/**
 * Every record of the JSON-format objects, deduplicated by requestId (Firehose delivers at least
 * once). Fields are read one by one, so a record whose user agent or path breaks the JSON (API
 * Gateway does not escape values) still counts. Objects in the older CLF format are skipped: the
 * checks only use time windows of the JSON period.
 */
export async function readJsonRecords(s3: S3Client): Promise<JsonRecord[]> {
  const byId = new Map<string, JsonRecord>();
  const keys = await listKeys(s3);
  for (let i = 0; i < keys.length; i += 16) {
    const texts = await Promise.all(keys.slice(i, i + 16).map((key) => readObject(s3, key)));
    for (const text of texts) {
      if (!text.startsWith('{')) continue;
      for (const line of text.split('\n')) {
        const id = FIELD.requestId.exec(line)?.[1];
        const epoch = FIELD.epoch.exec(line)?.[1];
        const method = FIELD.method.exec(line)?.[1];
        const status = FIELD.status.exec(line)?.[1];
        if (!id || !epoch || !method || !status) continue;
        byId.set(id, {
          requestId: id,
          epoch: Number(epoch),
          method,
          status: status === '-' ? null : Number(status),
        });
      }
    }
  }
  return [...byId.values()];
}

const HOUR = 3_600_000;

/**
 * A window of whole minutes inside the JSON period of the seeded history, away from the format
 * switch and from the live tail (which keeps growing while tests run).
 */
export function chooseWindow(
  records: readonly JsonRecord[],
  hours = 3,
): { from: number; to: number } {
  const first = Math.min(...records.map((r) => r.epoch));
  const from = Math.ceil((first + 2 * HOUR) / 60_000) * 60_000;
  const to = from + hours * HOUR;
  if (to > Date.now() - HOUR) throw new Error('the seeded JSON period is too short for the window');
  return { from, to };
}

export function inWindow(record: JsonRecord, window: { from: number; to: number }): boolean {
  // Stored times may be whole seconds (requestTime); whole-second bounds compare the same either way.
  const second = Math.floor(record.epoch / 1000) * 1000;
  return second >= window.from && second < window.to;
}

export const HOSTILE = {
  userAgent: 'Mozilla/5.0 <img src=x onerror=alert(1)> <script>alert(document.cookie)</script>',
  path: '/search/<img src=x onerror=alert(2)>',
  quotedUserAgent: '"><script>alert(3)</script><img src=x onerror=alert(4)>',
  quotedPath: '/pets/"><svg onload=alert(5)>',
  /** A spreadsheet formula: the CSV export must neutralise it. */
  formulaUserAgent: "=cmd|' /C calc'!A0",
} as const;

const VARIANTS = [
  { userAgent: HOSTILE.userAgent, path: HOSTILE.path },
  { userAgent: HOSTILE.quotedUserAgent, path: HOSTILE.quotedPath },
  { userAgent: HOSTILE.formulaUserAgent, path: '/search/pets' },
];

/**
 * Delivers requests with script and onerror payloads in user agent and path into the current hour,
 * in the demo's JSON format (whatever the stage logs now: another spec may have switched it to a
 * format without user agent or path), to the stage's stream, and returns their ids in
 * VARIANTS order. One keeps the JSON valid, one breaks out of the quotes as a real attacker would,
 * one carries a spreadsheet formula.
 */
export async function deliverHostileRequests(s3: S3Client): Promise<string[]> {
  const settings = await readRestStageFormat({
    endpoint: APIGW_ENDPOINT,
    region: REGION,
    ...DEMO_STAGE,
  });
  if (!settings) throw new Error('the demo stage has access logging off');
  const stream = settings.destinationArn.split(':deliverystream/amazon-apigateway-')[1];
  if (!stream) throw new Error(`unexpected destination ${settings.destinationArn}`);
  const now = Date.now();
  const template = tokenizeTemplate(findPreset('custom-json')?.template ?? '');
  const base = generateRequests({
    seed: now % 100_000,
    start: now - 60_000,
    end: now - 30_000,
    count: VARIANTS.length,
  });
  const ids: string[] = [];
  const records: string[] = [];
  let index = 0;
  for (const values of base) {
    const requestId = `xss-${randomUUID()}`;
    const hostile: ContextValues = {
      ...values,
      '$context.requestId': requestId,
      '$context.identity.userAgent': VARIANTS[index].userAgent,
      '$context.path': VARIANTS[index].path,
      '$context.resourcePath': '/search/{proxy+}',
      '$context.status': '404',
    };
    ids.push(requestId);
    records.push(renderTemplate(template, hostile));
    index++;
  }
  const key = buildObjectKey({ prefix: '', stream, uuid: randomUUID(), arrival: now });
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: gzipSync(records.join('')) }),
  );
  return ids;
}
