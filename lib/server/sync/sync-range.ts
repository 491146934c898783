import 'server-only';
import type { FormatVersion } from '@/lib/formats';
import { S3SourceError } from '@/lib/server/s3/errors';
import { floorHour, hoursForRange } from '@/lib/server/s3/prefix-template';
import type { ObjectRef, ObjectSource } from '@/lib/server/sources';
import type { Store } from '@/lib/server/store/database';
import type { EncodedObject } from '@/lib/server/store/encode-object';
import { templateIdsFor } from '@/lib/server/store/templates';
import { objectRecordFile } from '@/lib/server/store/load-batch';
import {
  LoadBatch,
  reserveObjectIds,
  writeBatch,
  type ObjectOutcome,
} from '@/lib/server/store/loader';
import {
  hoursToList,
  planLoads,
  recordListings,
  storedRequestIds,
} from '@/lib/server/store/manifest';
import { issueFromError, type SyncProgress } from './progress';
import { sharedParser, type Parser } from './parse-pool';
import { SeenRequestIds } from './seen-request-ids';

export interface SyncOptions {
  progress: SyncProgress;
  signal?: AbortSignal;
  /** Objects downloaded and parsed at once. */
  concurrency: number;
  now: number;
  /** An unsettled hour listed within this many ms is not listed again. */
  freshnessMs: number;
  /** After an hour ends, how long until its objects are final (Firehose buffers up to 15 min). */
  settleMs?: number;
  /** Most records per load transaction. */
  batchRecords?: number;
  /** Hours older than this many ms are not loaded (they would be evicted right away). */
  maxAgeMs?: number;
  /** Where objects are parsed; the process-wide worker pool by default. */
  parser?: Parser;
}

export const DEFAULT_SETTLE_MS = 20 * 60_000;
/**
 * Most records per load transaction (rows wait in a temporary file, not in memory). Larger batches
 * did not load faster and made row groups span more hours (DuckDB's threads interleave parts of a
 * batch), so a 1-hour window read more rows: at 10M lines, 2M-row batches took 56 s and 37 ms for
 * the 1-hour query set, 250k-row batches 50 s and 29 ms.
 */
export const DEFAULT_BATCH_RECORDS = 250_000;
/** The writer starts on a batch this large as soon as it is free, so loading starts early. */
const FIRST_BATCH_RECORDS = 100_000;

/**
 * Drops rows whose request id an earlier object (or an earlier sync) already stored: Firehose
 * delivers at least once. Workers deduplicate inside each object; across objects needs the one
 * shared view this thread has. Returns the offsets of the rows to leave out.
 */
function crossObjectDuplicates(encoded: EncodedObject, seen: SeenRequestIds, keyHour: number) {
  seen.beginObject(keyHour);
  const { idBytes, idEnds, idOffsets } = encoded;
  const duplicates: number[] = [];
  let start = 0;
  for (let i = 0; i < idEnds.length; i++) {
    if (!seen.acceptBytes(idBytes, start, idEnds[i])) duplicates.push(idOffsets[i]);
    start = idEnds[i];
  }
  return duplicates;
}

/**
 * Lists the hours of a range that are not known yet, then downloads, parses and stores every new or
 * changed object: downloads and gunzip overlap with parsing, and parsing overlaps with DuckDB
 * ingesting the previous batch. A listing failure (credentials, permissions, bucket) is thrown as
 * an S3SourceError; a failing object is recorded or retried later, and the rest still loads.
 */
export async function syncSource(
  store: Store,
  source: ObjectSource,
  formats: readonly FormatVersion[] | 'auto',
  range: { from: number; to: number },
  options: SyncOptions,
): Promise<void> {
  const { progress, signal } = options;
  const id = source.config.id;
  const oldest = options.maxAgeMs
    ? floorHour(options.now - options.maxAgeMs)
    : Number.NEGATIVE_INFINITY;
  const hours = hoursForRange(range.from, range.to).filter((h) => h >= oldest && h <= options.now);
  const needed = await hoursToList(store, id, hours, {
    staleBefore: options.now - options.freshnessMs,
    settleMs: options.settleMs ?? DEFAULT_SETTLE_MS,
  });
  if (needed.length === 0) return;
  progress.phase = 'listing';
  const listedAt = options.now;
  const refs = await source.listHours(needed, signal);
  const plan = await planLoads(store, id, refs);
  const queue = plan.toLoad.sort((a, b) => a.keyHour - b.keyHour || a.key.localeCompare(b.key));
  progress.objectsTotal += queue.length;
  progress.phase = 'loading';
  const complete = await store.whileLoading(
    () => loadObjects(store, source, formats, queue, plan.replacedIds, options),
    stagedBytesEstimate(queue),
  );
  // Hours are marked listed only when every object loaded, so a retryable failure is retried.
  if (complete && !signal?.aborted) await recordListings(store, id, needed, listedAt);
}

/**
 * What a load's records would take in the store's in-memory stage: about 7 times their gzip size
 * (measured with the stage holding only the filled columns: 1M CLF lines, 45.5 MB gzip, take
 * 296 MB; 1M wide JSON lines, 66.7 MB, 451 MB).
 */
function stagedBytesEstimate(queue: readonly ObjectRef[]): number {
  return queue.reduce((sum, ref) => sum + ref.size, 0) * 7;
}

async function loadObjects(
  store: Store,
  source: ObjectSource,
  formats: readonly FormatVersion[] | 'auto',
  queue: readonly ObjectRef[],
  replacedIds: Map<string, number>,
  options: SyncOptions,
): Promise<boolean> {
  if (queue.length === 0) return true;
  const { progress, signal } = options;
  const maxRecords = options.batchRecords ?? DEFAULT_BATCH_RECORDS;
  const parser = options.parser ?? (await sharedParser());
  const firstId = await reserveObjectIds(store, queue.length);
  // Auto-detected formats keep every raw text: only known templates have ids.
  const templateIds =
    formats === 'auto'
      ? {}
      : await templateIdsFor(
          store,
          formats.map((f) => f.template),
        );
  const seen = new SeenRequestIds(
    await storedRequestIds(
      store,
      source.config.id,
      queue.map((r) => r.keyHour),
      [...replacedIds.values()],
    ),
  );
  let batch = new LoadBatch(store.options.tempDir);
  let batchReplaced: number[] = [];
  let writing: Promise<void> = Promise.resolve();
  let writerIdle = true;
  let complete = true;

  // Hands the current batch to the writer and starts a new one. A batch is handed over as soon as
  // the writer is free (or when full), so DuckDB is never idle while rows wait; at most one batch
  // is being written while the next fills.
  const flush = async () => {
    if (batch.size === 0) return;
    const full = batch;
    const replaced = batchReplaced;
    batch = new LoadBatch(store.options.tempDir);
    batchReplaced = [];
    const previous = writing;
    writing = previous.then(async () => {
      writerIdle = false;
      try {
        const summary = await writeBatch(store, full, replaced);
        progress.records += summary.records;
        progress.rejects += summary.rejects;
        progress.duplicates += summary.duplicates;
      } finally {
        writerIdle = true;
      }
    });
    await previous;
  };
  const batchIsDue = () =>
    batch.recordLines >= maxRecords ||
    (writerIdle && batch.recordLines >= Math.min(FIRST_BATCH_RECORDS, maxRecords));

  let next = 0;
  const worker = async () => {
    while (next < queue.length && !signal?.aborted) {
      const index = next++;
      const ref = queue[index];
      let outcome: ObjectOutcome | null;
      try {
        const data = await source.read(ref, signal);
        progress.bytes += data.byteLength;
        const encoded = await parser.parse({
          objectId: firstId + index,
          source: ref.source,
          key: ref.key,
          keyHour: ref.keyHour,
          formats,
          data,
          templateIds,
          recordFile: objectRecordFile(store.options.tempDir, firstId + index),
        });
        const duplicateOffsets = crossObjectDuplicates(encoded, seen, ref.keyHour);
        outcome = { ref, encoded, error: null, duplicateOffsets };
      } catch (error) {
        outcome = null;
        const verdict = judgeReadFailure(error, signal);
        if (verdict !== 'aborted') {
          progress.objectsFailed++;
          if (verdict !== 'gone')
            progress.issues.push(issueFromError(source.config.id, error, ref.key));
        }
        if (verdict === 'broken') {
          outcome = {
            ref,
            encoded: null,
            error: error instanceof Error ? error.message : String(error),
          };
        } else if (verdict !== 'gone') {
          complete = false;
        }
      }
      if (outcome) {
        const replaced = replacedIds.get(ref.key);
        if (replaced !== undefined) batchReplaced.push(replaced);
        batch.add(firstId + index, outcome);
      }
      progress.objectsDone++;
      if (batchIsDue()) await flush();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, queue.length) }, worker));
  } finally {
    // Objects parsed before an abort or failure are whole: store them.
    await flush();
    await writing;
  }
  return complete && !signal?.aborted;
}

/**
 * What a failed read means for the object: `retry` (credentials, permissions, network: not the
 * object's fault, so it stays unrecorded and the next sync tries again), `gone` (deleted since the
 * listing), `aborted`, or `broken` (recorded in the manifest with its error and skipped).
 */
function judgeReadFailure(
  error: unknown,
  signal: AbortSignal | undefined,
): 'retry' | 'gone' | 'aborted' | 'broken' {
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) return 'aborted';
  if (error instanceof S3SourceError) {
    if (error.kind === 'aborted') return 'aborted';
    if (error.kind === 'no-such-key') return 'gone';
    return error.kind === 'unknown' ? 'broken' : 'retry';
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'gone';
  // Local file errors (permissions, I/O) are the environment's, not the object's.
  return typeof code === 'string' ? 'retry' : 'broken';
}

export interface SyncTarget {
  source: ObjectSource;
  formats: readonly FormatVersion[] | 'auto';
}

/** Syncs every source; one source failing (e.g. AccessDenied) does not stop the others. */
export async function syncSources(
  store: Store,
  targets: readonly SyncTarget[],
  range: { from: number; to: number },
  options: SyncOptions,
): Promise<void> {
  for (const { source, formats } of targets) {
    if (options.signal?.aborted) return;
    try {
      await syncSource(store, source, formats, range, options);
    } catch (error) {
      if (options.signal?.aborted) return;
      options.progress.issues.push(issueFromError(source.config.id, error));
    }
  }
}
