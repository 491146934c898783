import 'server-only';
import { currentRangeEnd } from '@/lib/query/engine';
import { resolveTimeRange, type ResolvedRange, type TimeRange } from '@/lib/query/time-range';
import type { Store } from '@/lib/server/store/database';
import { enforceRetention, type RetentionPolicy } from '@/lib/server/store/retention';
import { sharedParser, type Parser } from './parse-pool';
import { warmUpParser, warmUpTemplates } from './parse-warm-up';
import { idleProgress, issueFromError, type SyncIssue, type SyncProgress } from './progress';
import { syncSources, type SyncTarget } from './sync-range';

export interface SyncSettings {
  concurrency: number;
  /** Background poll period; 0 = no poll. */
  intervalMs: number;
  retention: RetentionPolicy;
  batchRecords?: number;
  settleMs?: number;
  /** Worker threads that parse objects (undefined = defaultParseWorkers(); 0 = main thread). */
  parseWorkers?: number;
}

export interface SyncResult {
  /** Problems of this run, in words (empty when everything loaded). */
  issues: SyncIssue[];
  progress: SyncProgress;
}

interface Job {
  range: ResolvedRange;
  controller: AbortController;
  waiters: number;
  done: Promise<SyncResult>;
}

const HOUR_MS = 3_600_000;

export class SyncAbortedError extends Error {
  override name = 'AbortError';
  constructor() {
    super('The sync was cancelled');
  }
}

/**
 * Runs syncs one at a time (there is one writer). A request for a range that the running sync
 * covers joins it; others queue behind it. A sync is abandoned when every request waiting for it
 * has gone away (their AbortSignals fired), so nobody pays for work nobody reads.
 */
export class SyncService {
  private progress: SyncProgress = idleProgress();
  /** Queued and running syncs, oldest first. */
  private readonly jobs: Job[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private parserReady: Promise<Parser> | null = null;

  constructor(
    private readonly store: Store,
    private readonly targets: () => SyncTarget[],
    private readonly settings: SyncSettings,
  ) {}

  getProgress(): SyncProgress {
    return {
      ...this.progress,
      range: this.progress.range && { ...this.progress.range },
      issues: [...this.progress.issues],
    };
  }

  /** Loads whatever of the range is not in the store yet; resolves when it is queryable. */
  ensureRange(range: TimeRange | ResolvedRange, signal?: AbortSignal): Promise<SyncResult> {
    const resolved = 'kind' in range ? resolveTimeRange(range, currentRangeEnd()) : range;
    signal?.throwIfAborted();
    const covering = this.jobs.find(
      (j) =>
        j.range.from <= resolved.from && j.range.to >= resolved.to && !j.controller.signal.aborted,
    );
    const job = covering ?? this.enqueue(resolved);
    job.waiters++;
    return new Promise<SyncResult>((resolve, reject) => {
      let left = false;
      const onAbort = () => {
        left = true;
        job.waiters--;
        if (job.waiters === 0) job.controller.abort();
        reject(new SyncAbortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (finish: () => void) => {
        signal?.removeEventListener('abort', onAbort);
        if (left) return;
        job.waiters--;
        finish();
      };
      job.done.then(
        (result) => settle(() => resolve(result)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  private enqueue(range: ResolvedRange): Job {
    const controller = new AbortController();
    const started = this.tail.then(() => this.run(job));
    const job: Job = { range, controller, waiters: 0, done: started };
    this.jobs.push(job);
    this.tail = started
      .catch(() => undefined)
      .finally(() => this.jobs.splice(this.jobs.indexOf(job), 1));
    return job;
  }

  private async run(job: Job): Promise<SyncResult> {
    if (job.controller.signal.aborted) throw new SyncAbortedError();
    const now = Date.now();
    const progress: SyncProgress = {
      ...idleProgress(),
      running: true,
      phase: 'listing',
      range: { ...job.range },
      startedAt: now,
    };
    this.progress = progress;
    try {
      await syncSources(this.store, this.targets(), job.range, {
        progress,
        signal: job.controller.signal,
        concurrency: this.settings.concurrency,
        now,
        freshnessMs: this.settings.intervalMs > 0 ? this.settings.intervalMs : 60_000,
        settleMs: this.settings.settleMs,
        batchRecords: this.settings.batchRecords,
        parser: await this.parser(),
        maxAgeMs:
          this.settings.retention.maxAgeDays > 0
            ? this.settings.retention.maxAgeDays * 86_400_000
            : undefined,
      });
      if (progress.records > 0) await enforceRetention(this.store, this.settings.retention);
    } catch (error) {
      progress.issues.push(issueFromError('*', error));
    } finally {
      progress.running = false;
      progress.phase = 'idle';
      progress.finishedAt = Date.now();
    }
    if (job.controller.signal.aborted) throw new SyncAbortedError();
    return { issues: [...progress.issues], progress: this.getProgress() };
  }

  /** The shared parser, its workers warmed up with the sources' formats before the first sync. */
  private parser(): Promise<Parser> {
    this.parserReady ??= sharedParser(this.settings.parseWorkers).then(async (parser) => {
      if (parser.threads > 0) {
        let templates: string[] = [];
        try {
          templates = warmUpTemplates(this.targets().map((t) => t.formats));
        } catch {
          // A configuration problem: the sync reports it in words; the workers stay cold.
        }
        await warmUpParser(parser, templates);
      }
      return parser;
    });
    return this.parserReady;
  }

  /**
   * Polls for new objects of the last hours (and applies retention) every interval. Called when
   * the server starts, so the parse workers are warmed up then too.
   */
  startPolling(): void {
    this.parser().catch(() => (this.parserReady = null));
    if (this.timer || this.settings.intervalMs <= 0) return;
    const tick = () => {
      const to = currentRangeEnd();
      this.ensureRange({ from: to - 2 * HOUR_MS, to }).catch(() => undefined);
    };
    this.timer = setInterval(tick, this.settings.intervalMs);
    this.timer.unref();
    tick();
  }

  stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
