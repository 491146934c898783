import 'server-only';
import path from 'node:path';
import { getConfig, type AppConfig } from '@/lib/env';
import type { QueryOptions } from '@/lib/query/engine';
import type { LogFilter, RowPage, RowSort, TopDimension } from '@/lib/query/filter';
import type { LogRow } from '@/lib/query/results';
import type { ResolvedRange, TimeRange } from '@/lib/query/time-range';
import { formatsForSource, getSources, openSource } from '@/lib/server/sources';
import type { SyncProgress } from '@/lib/server/sync/progress';
import { SyncService, type SyncResult } from '@/lib/server/sync/sync-service';
import { Store } from './database';
import { DuckDbQueryEngine } from './engine';

/**
 * The server entry for the data path. Pages, route handlers and scripts call these functions;
 * everything behind them (DuckDB, S3, the sync pipeline) may change without them noticing.
 *
 *   await ensureRange(filter.range, signal);       // load what the range needs (on demand)
 *   getSyncProgress();                             // for a progress bar while that runs
 *   queryRows / queryCount / queryHistogram / queryLatencySeries / queryTopN / querySummary /
 *   queryRejects / streamRows / getRecordByRequestId
 *
 * One store per process, kept on globalThis so Next's dev hot reload does not open a second
 * DuckDB on the same file.
 */
interface Services {
  store: Store;
  engine: DuckDbQueryEngine;
  sync: SyncService;
}

const KEY = Symbol.for('apigw-log-dashboard.store');
type Holder = { [KEY]?: Promise<Services> };

export function storeFile(config: AppConfig): string {
  return path.join(config.dataDir, 'store', 'logs.duckdb');
}

async function openServices(config: AppConfig): Promise<Services> {
  const store = await Store.open({
    file: storeFile(config),
    tempDir: path.join(config.dataDir, 'store', 'tmp'),
    memoryLimitMb: config.storeMemoryMb,
    loadMemoryLimitMb: config.storeLoadMemoryMb,
    stageMb: config.storeStageMb,
  });
  const engine = new DuckDbQueryEngine(store);
  // Sources and format histories are read at the start of every sync: the settings page may
  // have recorded a format change since the last one.
  const targets = () =>
    getSources(config).map((source) => ({
      source: openSource(source),
      formats: formatsForSource(source),
    }));
  const sync = new SyncService(store, targets, {
    concurrency: config.syncConcurrency,
    parseWorkers: config.syncParseWorkers,
    intervalMs: config.syncIntervalSeconds * 1000,
    retention: { maxAgeDays: config.storeMaxAgeDays, maxMb: config.storeMaxMb },
  });
  return { store, engine, sync };
}

function services(): Promise<Services> {
  const holder = globalThis as Holder;
  holder[KEY] ??= openServices(getConfig()).catch((error: unknown) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

/** Starts the background poll for new objects (SYNC_INTERVAL_SECONDS); safe to call repeatedly. */
export async function startBackgroundSync(): Promise<void> {
  (await services()).sync.startPolling();
}

/** Makes the range queryable: lists the hours it needs, loads new objects; joins a running sync. */
export async function ensureRange(
  range: TimeRange | ResolvedRange,
  signal?: AbortSignal,
): Promise<SyncResult> {
  const { sync } = await services();
  sync.startPolling();
  return sync.ensureRange(range, signal);
}

/** Progress of the running (or last) sync; idle before the store is first used. */
export async function getSyncProgress(): Promise<SyncProgress> {
  return (await services()).sync.getProgress();
}

export async function queryRows(
  filter: LogFilter,
  sort: RowSort,
  page: RowPage,
  options?: QueryOptions,
): Promise<LogRow[]> {
  return (await services()).engine.queryRows(filter, sort, page, options);
}

export async function queryCount(filter: LogFilter, options?: QueryOptions) {
  return (await services()).engine.queryCount(filter, options);
}

export async function queryHistogram(filter: LogFilter, options?: QueryOptions) {
  return (await services()).engine.queryHistogram(filter, options);
}

export async function queryLatencySeries(filter: LogFilter, options?: QueryOptions) {
  return (await services()).engine.queryLatencySeries(filter, options);
}

export async function queryTopN(
  dimension: TopDimension,
  filter: LogFilter,
  n = 10,
  options?: QueryOptions,
) {
  return (await services()).engine.queryTopN(dimension, filter, n, options);
}

export async function querySummary(filter: LogFilter, options?: QueryOptions) {
  return (await services()).engine.querySummary(filter, options);
}

export async function queryRejects(filter: LogFilter, page: RowPage, options?: QueryOptions) {
  return (await services()).engine.queryRejects(filter, page, options);
}

/** Every matching row, oldest first, as an async iterable (for CSV/NDJSON export). */
export async function* streamRows(
  filter: LogFilter,
  options?: QueryOptions,
): AsyncGenerator<LogRow> {
  yield* (await services()).engine.streamRows(filter, options);
}

export async function getRecordByRequestId(requestId: string): Promise<LogRow | null> {
  return (await services()).engine.getRecordByRequestId(requestId);
}

export type { SyncProgress, SyncResult };
export type { SyncIssue } from '@/lib/server/sync/progress';
