import {
  bufferFirehoseBatches,
  compressFirehoseBatches,
  type FirehoseObject,
  type FormatChange,
} from './firehose-objects';
import { generateRequests } from './traffic';
import { writeObjects, type ObjectSink, type WriteSummary } from './write-objects';

/**
 * The whole pipeline behind `npm run generate` and the demo's seeding: traffic -> Firehose buffering
 * -> gzip on the thread pool -> sink. Generation runs on this thread while earlier objects compress
 * and upload, so both cores stay busy.
 */
export interface HistoryOptions {
  seed: number;
  /** Epoch ms; requests fall in [start, end). */
  start: number;
  end: number;
  /** Number of requests (records before at-least-once duplicates). */
  lines: number;
  formats: readonly FormatChange[];
  /** Delivery stream name after `amazon-apigateway-`. */
  stream: string;
  prefix?: string;
  hostileFraction?: number;
  duplicateFraction?: number;
  bufferIntervalMs?: number;
  bufferBytes?: number;
  gzipLevel?: number;
  /** Objects compressing at once. Default 4. */
  compressConcurrency?: number;
  /** Objects being written at once. Default 8. */
  writeConcurrency?: number;
  sink: ObjectSink;
  onObject?: (object: FirehoseObject) => void;
}

export interface HistorySummary extends WriteSummary {
  seconds: number;
  linesPerSecond: number;
}

export async function generateHistory(options: HistoryOptions): Promise<HistorySummary> {
  const started = performance.now();
  const requests = generateRequests({
    seed: options.seed,
    start: options.start,
    end: options.end,
    count: options.lines,
    hostileFraction: options.hostileFraction,
  });
  const batches = bufferFirehoseBatches(requests, {
    stream: options.stream,
    prefix: options.prefix,
    formats: options.formats,
    seed: options.seed,
    bufferIntervalMs: options.bufferIntervalMs,
    bufferBytes: options.bufferBytes,
    duplicateFraction: options.duplicateFraction,
  });
  const objects = compressFirehoseBatches(batches, {
    gzipLevel: options.gzipLevel,
    concurrency: options.compressConcurrency,
  });
  const summary = await writeObjects(objects, options.sink, {
    concurrency: options.writeConcurrency,
    onObject: options.onObject,
  });
  const seconds = (performance.now() - started) / 1000;
  return { ...summary, seconds, linesPerSecond: options.lines / Math.max(seconds, 1e-9) };
}
