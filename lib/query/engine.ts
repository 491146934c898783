/**
 * The one interface pages, the JSON API and export talk to. The embedded DuckDB store implements it
 * (lib/server/store); a distributed engine over the same S3 data can implement it too without any
 * page changing. Relative ranges are resolved by the engine per call unless `now` is given; a page
 * that renders several panels should pass one `now` (or freeze the filter with freezeFilter) so all
 * panels describe the same interval.
 */
import type { LogFilter, RowPage, RowSort, TopDimension } from './filter';
import type {
  LatencySeries,
  LogRow,
  RejectPage,
  StatusHistogram,
  Summary,
  TopEntry,
} from './results';
import { resolveTimeRange } from './time-range';

export interface QueryOptions {
  /** Epoch ms that relative ranges end at; defaults to the current time. */
  now?: number;
  signal?: AbortSignal;
}

export interface QueryEngine {
  queryRows(
    filter: LogFilter,
    sort: RowSort,
    page: RowPage,
    options?: QueryOptions,
  ): Promise<LogRow[]>;
  queryCount(filter: LogFilter, options?: QueryOptions): Promise<number>;
  queryHistogram(filter: LogFilter, options?: QueryOptions): Promise<StatusHistogram>;
  queryLatencySeries(filter: LogFilter, options?: QueryOptions): Promise<LatencySeries>;
  queryTopN(
    dimension: TopDimension,
    filter: LogFilter,
    n: number,
    options?: QueryOptions,
  ): Promise<TopEntry[]>;
  querySummary(filter: LogFilter, options?: QueryOptions): Promise<Summary>;
  queryRejects(filter: LogFilter, page: RowPage, options?: QueryOptions): Promise<RejectPage>;
  streamRows(filter: LogFilter, options?: QueryOptions): AsyncIterable<LogRow>;
  getRecordByRequestId(requestId: string): Promise<LogRow | null>;
}

/**
 * Relative ranges end at the current second rounded up, so panels computed within the same
 * second agree (and share cached results) while the newest records stay inside the range.
 */
export function currentRangeEnd(now = Date.now()): number {
  return Math.ceil(now / 1000) * 1000;
}

/** The same filter with its range made absolute at `now`, for rendering a page consistently. */
export function freezeFilter(filter: LogFilter, now = Date.now()): LogFilter {
  if (filter.range.kind === 'absolute') return filter;
  const { from, to } = resolveTimeRange(filter.range, currentRangeEnd(now));
  return { ...filter, range: { kind: 'absolute', from, to } };
}
