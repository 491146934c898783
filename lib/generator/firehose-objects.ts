import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import {
  renderTemplate,
  tokenizeTemplate,
  type TemplateToken,
} from '@/lib/formats/template-tokens';
import { ArrivalQueue } from './arrival-queue';
import { buildObjectKey, prefixUsesRandomString } from './firehose-keys';
import { formatRandomString, formatUuid } from './ids';
import { Rng, deriveSeed } from './prng';
import type { ContextValues } from './traffic';

/**
 * Simulates Kinesis Data Firehose between API Gateway and S3: each record reaches Firehose some
 * seconds to minutes after its request, a buffer collects records in arrival order and flushes on
 * size or interval, and each flush becomes one gzip object whose key carries the arrival time of
 * its oldest record. Records are glued with no delimiter: only a template that itself ends in a
 * newline produces lines.
 */

export interface FirehoseObject {
  key: string;
  /** gzip-compressed records. */
  body: Buffer;
  records: number;
  /** Arrival (epoch ms) of the oldest record: the time in the key. */
  arrival: number;
  /** When Firehose flushed the buffer (epoch ms): the object's natural last-modified time. */
  delivered: number;
}

/** A stage's access-log format from `effectiveFrom` on; null means "from the beginning". */
export interface FormatChange {
  template: string;
  effectiveFrom: number | null;
}

export interface FirehoseOptions {
  /** Delivery stream name after `amazon-apigateway-`. */
  stream: string;
  /** Firehose S3 prefix template (`!{timestamp:yyyy}` ...); default ''. */
  prefix?: string;
  formats: readonly FormatChange[];
  seed: number;
  /** Buffer interval; Firehose allows 0-900 s. Default 300 s. */
  bufferIntervalMs?: number;
  /** Buffer size in bytes of rendered records; Firehose allows 1-128 MiB. Default 5 MiB. */
  bufferBytes?: number;
  /** Delay from request to arrival at Firehose: log-normal around median, clamped to [min, max]. */
  delayMs?: { min: number; median: number; max: number };
  /** Share of records delivered a second time (at-least-once delivery). Default 0.001. */
  duplicateFraction?: number;
  /** zlib level, 1-9. Default 6. */
  gzipLevel?: number;
}

/** An object before compression, so compression can run elsewhere (thread pool, worker). */
export interface FirehoseBatch {
  key: string;
  text: string;
  records: number;
  arrival: number;
  delivered: number;
}

const DEFAULT_DELAY = { min: 1_000, median: 8_000, max: 300_000 };
const DELAY_SIGMA = 1.2;
const FLATTEN_EVERY = 64;
const REDELIVERY_MS = { min: 30_000, span: 270_000 };

interface CompiledFormat {
  tokens: TemplateToken[];
  from: number;
}

function compileFormats(formats: readonly FormatChange[]): CompiledFormat[] {
  if (formats.length === 0) throw new Error('at least one format is needed');
  if (formats.filter((f) => f.effectiveFrom === null).length > 1) {
    throw new Error('only one format may apply from the beginning (without a time)');
  }
  return formats
    .map((f) => ({ tokens: tokenizeTemplate(f.template), from: f.effectiveFrom ?? -Infinity }))
    .sort((a, b) => a.from - b.from);
}

/** The format in force at a request time; before the first change, the earliest one applies. */
function selectFormat(formats: readonly CompiledFormat[], time: number): CompiledFormat {
  for (let i = formats.length - 1; i > 0; i--) if (formats[i].from <= time) return formats[i];
  return formats[0];
}

function readRequestTime(values: ContextValues): number {
  const time = Number(values['$context.requestTimeEpoch']);
  if (!Number.isFinite(time))
    throw new Error('every request needs $context.requestTimeEpoch (epoch ms)');
  return time;
}

/**
 * Buffers requests into Firehose objects, uncompressed. `requests` must be in request-time order
 * (generateRequests' order): a record is final once no later request could arrive before it.
 */
export function* bufferFirehoseBatches(
  requests: Iterable<ContextValues>,
  options: FirehoseOptions,
): Generator<FirehoseBatch> {
  const formats = compileFormats(options.formats);
  const prefix = options.prefix ?? '';
  const needsRandomString = prefixUsesRandomString(prefix);
  const interval = options.bufferIntervalMs ?? 300_000;
  const maxBytes = options.bufferBytes ?? 5 * 1024 * 1024;
  const delay = options.delayMs ?? DEFAULT_DELAY;
  const duplicates = options.duplicateFraction ?? 0.001;
  const delayRng = new Rng(deriveSeed(options.seed, `firehose-delay:${options.stream}`));
  const nameRng = new Rng(deriveSeed(options.seed, `firehose-names:${options.stream}`));
  const queue = new ArrivalQueue<ContextValues>();

  // Rendered records are ropes that keep every value string alive; joining each small group right
  // away lets those die young instead of piling up in a 5 MiB buffer and slowing every GC.
  let recent: string[] = [];
  let chunks: string[] = [];
  let records = 0;
  let bytes = 0;
  let oldest = 0;

  const flush = (delivered: number): FirehoseBatch => {
    const batch: FirehoseBatch = {
      key: buildObjectKey({
        prefix,
        stream: options.stream,
        arrival: oldest,
        uuid: formatUuid(nameRng),
        randomString: needsRandomString ? formatRandomString(nameRng, 11) : undefined,
      }),
      text: chunks.join('') + recent.join(''),
      records,
      arrival: oldest,
      delivered,
    };
    recent = [];
    chunks = [];
    records = 0;
    bytes = 0;
    return batch;
  };

  // Feeds one arrived record to the buffer; returns the batches this closes.
  function* accept(arrival: number, values: ContextValues): Generator<FirehoseBatch> {
    if (records > 0 && arrival >= oldest + interval) yield flush(oldest + interval);
    if (records === 0) oldest = arrival;
    const format =
      formats.length === 1 ? formats[0] : selectFormat(formats, readRequestTime(values));
    const record = renderTemplate(format.tokens, values);
    recent.push(record);
    if (recent.length === FLATTEN_EVERY) {
      chunks.push(recent.join(''));
      recent = [];
    }
    records++;
    bytes += record.length;
    if (bytes >= maxBytes) yield flush(arrival);
  }

  const drawDelay = (): number => {
    const spread = (delay.median - delay.min) * Math.exp(DELAY_SIGMA * delayRng.normal());
    return Math.round(Math.min(delay.max, delay.min + spread));
  };

  for (const values of requests) {
    const time = readRequestTime(values);
    // Nothing still to come can arrive before `time`, so everything up to it is final.
    while (queue.peekTime() <= time) {
      const arrival = queue.peekTime();
      yield* accept(arrival, queue.pop());
    }
    const arrival = time + drawDelay();
    queue.push(arrival, values);
    if (duplicates > 0 && delayRng.chance(duplicates)) {
      queue.push(arrival + REDELIVERY_MS.min + delayRng.int(REDELIVERY_MS.span), values);
    }
  }
  while (queue.size > 0) {
    const arrival = queue.peekTime();
    yield* accept(arrival, queue.pop());
  }
  if (records > 0) yield flush(oldest + interval);
}

/** Synchronous: compresses on the calling thread. Use compressFirehoseBatches for throughput. */
export function* buildFirehoseObjects(
  requests: Iterable<ContextValues>,
  options: FirehoseOptions,
): Generator<FirehoseObject> {
  const level = options.gzipLevel ?? 6;
  for (const batch of bufferFirehoseBatches(requests, options)) {
    const input = Buffer.from(batch.text, 'utf8');
    yield {
      ...toObjectFields(batch),
      body: gzipSync(input, { level, chunkSize: outputChunkSize(input) }),
    };
  }
}

const gzipAsync = promisify(gzip);

/**
 * Access logs compress 5-7x; an output buffer of a quarter of the input means one or two chunks
 * per object instead of hundreds of 16 KiB callbacks on the main thread. Output bytes do not
 * depend on it.
 */
function outputChunkSize(input: Buffer): number {
  return Math.max(64 * 1024, Math.min(32 * 1024 * 1024, Math.ceil(input.length / 4)));
}

/**
 * Compresses batches on libuv's thread pool, several at a time, while the caller keeps generating;
 * objects come out in batch order, so the result is byte-identical to buildFirehoseObjects.
 */
export async function* compressFirehoseBatches(
  batches: Iterable<FirehoseBatch>,
  /** concurrency: objects compressing at once (libuv's pool has 4 threads). Default 4. */
  options: { gzipLevel?: number; concurrency?: number } = {},
): AsyncGenerator<FirehoseObject> {
  const level = options.gzipLevel ?? 6;
  const window = Math.max(1, options.concurrency ?? 4);
  const pending: Promise<FirehoseObject>[] = [];
  for (const batch of batches) {
    const input = Buffer.from(batch.text, 'utf8');
    const compressed = gzipAsync(input, { level, chunkSize: outputChunkSize(input) }).then(
      (body) => ({
        ...toObjectFields(batch),
        body,
      }),
    );
    // A failure surfaces when its turn comes; until then keep it from counting as unhandled.
    compressed.catch(() => undefined);
    pending.push(compressed);
    if (pending.length >= window) yield await (pending.shift() as Promise<FirehoseObject>);
  }
  while (pending.length > 0) yield await (pending.shift() as Promise<FirehoseObject>);
}

function toObjectFields(batch: FirehoseBatch): Omit<FirehoseObject, 'body'> {
  return {
    key: batch.key,
    records: batch.records,
    arrival: batch.arrival,
    delivered: batch.delivered,
  };
}
