import 'server-only';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { findPreset } from '@/lib/formats/presets';
import { renderTemplate, tokenizeTemplate } from '@/lib/formats/template-tokens';
import type { ObjectParseResult } from '@/lib/formats';
import type { ObjectRef } from '@/lib/server/sources';
import { Store } from '@/lib/server/store/database';
import { encodeParsedObject } from '@/lib/server/store/encode-object';
import { parseObjectColumns } from '@/lib/formats/parse-object';
import { encodeColumns } from '@/lib/server/store/encode-object';
import { LoadBatch, reserveObjectIds, writeBatch } from '@/lib/server/store/loader';
import { idleProgress, type SyncProgress } from './progress';
import type { SyncOptions } from './sync-range';

/** Builders shared by the sync and store tests. */

export function presetTemplate(id: string): string {
  const preset = findPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  return preset.template;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function requestTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export interface TestRequest {
  id: string;
  time: number;
  ip?: string;
  method?: string;
  path?: string;
  status?: number;
  latency?: number;
}

export function contextValues(r: TestRequest): Record<string, string | number | null> {
  return {
    '$context.requestId': r.id,
    '$context.extendedRequestId': `ext-${r.id}`,
    '$context.identity.sourceIp': r.ip ?? '10.0.0.1',
    '$context.requestTime': requestTime(r.time),
    '$context.requestTimeEpoch': r.time,
    '$context.httpMethod': r.method ?? 'GET',
    '$context.resourcePath': '/pets/{petId}',
    '$context.path': r.path ?? '/prod/pets/1',
    '$context.protocol': 'HTTP/1.1',
    '$context.status': r.status ?? 200,
    '$context.responseLength': 12,
    '$context.responseLatency': r.latency ?? 20,
    '$context.integrationLatency': r.latency === undefined ? 15 : Math.max(0, r.latency - 5),
    '$context.identity.userAgent': 'curl/8.0',
  };
}

/** Renders requests with a template exactly as API Gateway + Firehose would (glued or lines). */
export function renderRecords(template: string, requests: readonly TestRequest[]): string {
  const tokens = tokenizeTemplate(template);
  return requests.map((r) => renderTemplate(tokens, contextValues(r))).join('');
}

export function firehoseKey(arrival: number, prefix = ''): string {
  const d = new Date(arrival);
  const p = (n: number) => String(n).padStart(2, '0');
  const hour = `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${p(d.getUTCHours())}/`;
  const stamp = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
  return `${prefix}${hour}amazon-apigateway-test-1-${stamp}-${Math.abs(arrival % 100000)}-${Math.random().toString(16).slice(2, 10)}.gz`;
}

export async function putObject(
  client: S3Client,
  bucket: string,
  key: string,
  body: string | Buffer,
  gzip = true,
): Promise<void> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: gzip ? gzipSync(bytes) : bytes }),
  );
}

export interface TempStore {
  store: Store;
  dir: string;
  close(): Promise<void>;
}

export async function openTempStore(): Promise<TempStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'store-test-'));
  const store = await Store.open({
    file: path.join(dir, 'logs.duckdb'),
    tempDir: path.join(dir, 'tmp'),
    memoryLimitMb: 512,
    loadMemoryLimitMb: 256,
    threads: 2,
  });
  return {
    store,
    dir,
    async close() {
      store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function syncOptions(
  overrides: Partial<SyncOptions> = {},
): SyncOptions & { progress: SyncProgress } {
  return {
    progress: idleProgress(),
    concurrency: 4,
    now: Date.now(),
    freshnessMs: 0,
    ...overrides,
  };
}

/** Adds a parse result to a batch the way the sync does: encoded as a parse worker encodes it. */
export function addParsed(
  batch: LoadBatch,
  id: number,
  outcome: { ref: ObjectRef; result: ObjectParseResult; error: null },
) {
  const { ref, result } = outcome;
  batch.add(id, {
    ref,
    encoded: encodeParsedObject(id, ref.source, ref.keyHour, result),
    error: null,
  });
}

/**
 * Writes objects (their texts, in `template`) in one batch the way a sync does: parsed, encoded
 * as a parse worker encodes them, keys `k<id>`. Records may be staged (see staging.ts).
 */
export async function writeTexts(
  store: Store,
  template: string,
  texts: readonly string[],
  keyHour: number,
): Promise<void> {
  const first = await reserveObjectIds(store, texts.length);
  const batch = new LoadBatch(store.options.tempDir);
  texts.forEach((text, i) => {
    const id = first + i;
    const parsed = parseObjectColumns(Buffer.from(text), {
      objectKey: `k${id}`,
      formats: [{ template, effectiveFrom: null }],
    });
    const ref = { source: 's', key: `k${id}`, etag: 'e', size: 1, lastModified: 0, keyHour };
    batch.add(id, { ref, encoded: encodeColumns(id, 's', keyHour, parsed), error: null });
  });
  await writeBatch(store, batch, []);
}
