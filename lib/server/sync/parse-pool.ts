import 'server-only';
import os from 'node:os';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { runParseJob, type ParseJob, type ParseJobResult } from './parse-job';
import { bundleParseWorker } from './parse-worker-bundle';

/** Something that turns parse jobs into results: worker threads, or the calling thread. */
export interface Parser {
  parse(job: ParseJob): Promise<ParseJobResult>;
  readonly threads: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (r: ParseJobResult) => void; reject: (e: Error) => void }>;
}

/**
 * A fixed set of worker threads running runParseJob. Jobs go to the least busy worker; the input
 * bytes are transferred, not copied. A worker that dies fails only its own jobs and is replaced.
 * Workers are unref'd: an idle pool never keeps the process alive.
 */
export class ParsePool implements Parser {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly code: string,
    readonly threads: number,
  ) {
    startWorkerHeapsLarger();
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // A larger young generation than V8's default: parsing makes many short-lived objects, and
    // fewer of them survive into (and are collected from) the old generation. Measured on 1M CLF
    // lines: about 5% less CPU for the whole load, no more memory.
    const worker = new Worker(this.code, {
      eval: true,
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    const slot: Slot = { worker, pending: new Map() };
    type Reply = { id: number; result?: ParseJobResult; error?: string; code?: string };
    worker.on('message', (reply: Reply) => {
      const waiter = slot.pending.get(reply.id);
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if (!waiter) return;
      if (reply.result) waiter.resolve(reply.result);
      else waiter.reject(workerError(reply));
    });
    const fail = (error: Error) => {
      for (const waiter of slot.pending.values()) waiter.reject(error);
      slot.pending.clear();
      const index = this.slots.indexOf(slot);
      if (index >= 0 && !this.closed) this.slots[index] = this.spawn();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`parse worker exited (code ${code})`));
    });
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    return slot;
  }

  parse(job: ParseJob): Promise<ParseJobResult> {
    if (this.closed) return Promise.reject(new Error('parse pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      // A busy pool keeps the process alive until its jobs are answered; an idle one does not.
      slot.worker.ref();
      try {
        const data = ownedCopy(job.data);
        slot.worker.postMessage({ id, job: { ...job, data } }, [data.buffer as ArrayBuffer]);
      } catch (error) {
        slot.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** Where a worker's old generation starts: see startWorkerHeapsLarger. */
export const WORKER_INITIAL_OLD_SPACE_MB = 128;

/**
 * Workers start with V8's small default old generation, which its collector grows slowly: a
 * worker parsing objects ran ten full collections during a 1M-line load. Starting at 128 MB leaves
 * it none (measured: 1M CLF cold 3.02-3.24 s against 2.77-2.91 s, four interleaved rounds; peak
 * RSS about 30 MB more). Worker resource limits set only maximums, so the V8 flag is raised for
 * isolates made from now on (the app starts no other threads; one it did would start larger too).
 * Never lowered: a larger value given on the command line stays.
 */
function startWorkerHeapsLarger(): void {
  const given = process.execArgv.find((a) => a.startsWith('--initial-old-space-size='));
  if (given !== undefined && Number(given.split('=')[1]) >= WORKER_INITIAL_OLD_SPACE_MB) return;
  v8.setFlagsFromString(`--initial-old-space-size=${WORKER_INITIAL_OLD_SPACE_MB}`);
}

/** A failed job's error; an errno code (a file write failed) is kept for the caller to judge. */
function workerError(reply: { error?: string; code?: string }): Error {
  const error: NodeJS.ErrnoException = new Error(`parse worker failed: ${reply.error}`);
  if (reply.code !== undefined) error.code = reply.code;
  return error;
}

/**
 * Bytes in an ArrayBuffer of their own, so transferring them detaches nothing else. (Not
 * Buffer#slice: that is a view, and small Buffers share one pooled ArrayBuffer.)
 */
function ownedCopy(data: Uint8Array): Uint8Array {
  const whole =
    data.byteLength > 0 &&
    data.byteOffset === 0 &&
    data.byteLength === data.buffer.byteLength &&
    data.buffer instanceof ArrayBuffer;
  if (whole) return data;
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}

/** Parses on the calling thread: the fallback, and what a single-core machine gets. */
export const inProcessParser: Parser = {
  threads: 0,
  parse: async (job) => runParseJob(job),
};

let shared: Promise<Parser> | null = null;

/**
 * Default parse threads: cores - 1, but two on two cores, and at most four (more only adds
 * memory). On two cores one worker was the pipeline's slowest stage once the main thread's
 * per-record work went (the dedupe on id bytes): 1M CLF lines loaded in 5.0-5.2 s with two
 * against 5.3-6.0 s with one (three interleaved pairs), for 70-90 MB more peak memory.
 */
export function defaultParseWorkers(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cores === 2 ? 2 : cores - 1));
}

/**
 * The process-wide parser: `threads` workers (SYNC_PARSE_WORKERS), or the in-process parser for
 * 0 or when workers cannot start (said once). The first call decides.
 */
export function sharedParser(threads = defaultParseWorkers()): Promise<Parser> {
  shared ??= (async () => {
    if (threads === 0) return inProcessParser;
    const bundle = await bundleParseWorker();
    if ('error' in bundle) {
      console.warn(`Parsing on the main thread: parse workers unavailable (${bundle.error}).`);
      return inProcessParser;
    }
    return new ParsePool(bundle.code, threads);
  })();
  return shared;
}
