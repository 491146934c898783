import 'server-only';
import { currentRangeEnd, type QueryEngine, type QueryOptions } from '@/lib/query/engine';
import type { LogFilter, RowPage, TopDimension } from '@/lib/query/filter';
import type { LogRow, RejectPage } from '@/lib/query/results';
import { ParamList, type SqlDialect, type SqlQuery } from '@/lib/query/sql/dialect';
import { planRollup, type RollupPlan } from '@/lib/query/sql/rollup-plan';
import { requestIdCondition } from '@/lib/query/sql/where';
import {
  buildLatencyBucketsQuery,
  buildRowsQuery,
  buildStatusBucketsQuery,
  buildStreamQuery,
  buildTopLabelsQuery,
  buildTopQuery,
  ROW_COLUMNS,
} from '@/lib/query/sql/queries';
import {
  shapeLatencySeries,
  shapeStatusHistogram,
  shapeTop,
  summarize,
  type LatencyBucketRow,
  type StatusBucketRow,
  type TopRow,
} from '@/lib/query/shape';
import { chooseBucketMs } from '@/lib/query/time-buckets';
import { resolveTimeRange, type ResolvedRange } from '@/lib/query/time-range';
import {
  streamRows,
  toNullableNumber,
  toNullableString,
  toNumber,
  type Row,
  type Store,
} from './database';
import { toLogRow } from './log-row';
import { MatchedRows, narrowHolds, viewOf, type View } from './matched-rows';
import { buildRejectCountQuery, buildRejectPageQuery, toRejectRow } from './reject-queries';
import { ResultCache } from './result-cache';
import { rankThenLabel } from './top-labels';
import { RollupCheck } from './rollups';
import { StoreDialect } from './store-dialect';

/**
 * Up to this many records in a range, top lists carry labels along (any_value); beyond, they look
 * the winners' labels up afterwards (1M custom-json, 1-hour window, 16k records: 9 -> 4 ms per
 * list inline; 10M records: path 290 -> 195 ms looked up).
 */
const INLINE_LABEL_RECORDS = 200_000;

/** Top lists the rollups can rank: their keys are rollup columns (rollups.ts). */
const ROLLED_UP: ReadonlySet<TopDimension> = new Set(['route', 'status', 'method', 'source']);

function resolve(filter: LogFilter, options?: QueryOptions): ResolvedRange {
  return resolveTimeRange(filter.range, currentRangeEnd(options?.now));
}

/** The dashboard's queries against the embedded DuckDB store, cached per (query, data version). */
export class DuckDbQueryEngine implements QueryEngine {
  readonly cache = new ResultCache();
  readonly matched: MatchedRows;
  /** Off: every aggregate reads the records (tests compare both paths). */
  useRollups = true;
  /** See INLINE_LABEL_RECORDS (tests set 0 to take the lookup path). */
  inlineLabelRecords = INLINE_LABEL_RECORDS;
  private readonly rollups: RollupCheck;

  constructor(private readonly store: Store) {
    this.rollups = new RollupCheck(store);
    this.matched = new MatchedRows(store);
    this.dialects = new StoreDialect(store);
  }

  /**
   * Where a query of `filter` reads: the records, or for a filter with a costly text condition the
   * records it keeps, copied once for all the page's queries (matched-rows.ts); then no condition
   * is left to test and no rollup applies.
   */
  private async view(filter: LogFilter, range: ResolvedRange): Promise<View> {
    const d = await this.dialect();
    return viewOf(d, filter, await this.matched.tableFor(d, filter, range));
  }

  private readonly dialects: StoreDialect;

  private dialect(): Promise<SqlDialect> {
    return this.dialects.get();
  }

  private async plan(
    d: SqlDialect,
    filter: LogFilter,
    range: ResolvedRange,
    bucketMs: number | null,
  ): Promise<RollupPlan | null> {
    const plan = this.useRollups ? planRollup(d, filter, range, bucketMs) : null;
    return plan && (await this.rollups.ready()) ? plan : null;
  }

  private run(kind: string, query: SqlQuery, options?: QueryOptions): Promise<Row[]> {
    return this.cache.get(kind, query, this.store.dataVersion, () =>
      this.store.queryRows(query, options?.signal),
    );
  }

  private async statusRows(
    filter: LogFilter,
    range: ResolvedRange,
    bucketMs: number,
    options?: QueryOptions,
  ) {
    const { d, filter: f } = await this.view(filter, range);
    const plan = await this.plan(d, f, range, bucketMs);
    const query = buildStatusBucketsQuery(d, f, range, bucketMs, plan);
    return this.run('status', query, options).then((rows) =>
      rows.map((r): StatusBucketRow => ({
        bucket: toNumber(r.bucket),
        cls: toNullableNumber(r.cls),
        n: toNumber(r.n),
        bytes: toNullableNumber(r.bytes),
      })),
    );
  }

  private async latencyRows(
    filter: LogFilter,
    range: ResolvedRange,
    bucketMs: number,
    options?: QueryOptions,
  ) {
    const { d, filter: f } = await this.view(filter, range);
    const plan = await this.plan(d, f, range, bucketMs);
    const query = buildLatencyBucketsQuery(d, f, range, bucketMs, plan);
    return this.run('latency', query, options).then((rows) =>
      rows.map((r): LatencyBucketRow => ({
        bucket: toNumber(r.bucket),
        kind: toNumber(r.kind),
        b: toNumber(r.b),
        n: toNumber(r.n),
      })),
    );
  }

  async queryRows(
    filter: LogFilter,
    sort: Parameters<QueryEngine['queryRows']>[1],
    page: RowPage,
    options?: QueryOptions,
  ) {
    const range = resolve(filter, options);
    const { rows: from, filter: f } = await this.view(filter, range);
    const { narrow } = from;
    const query =
      narrow !== null && narrowHolds(narrow.d.sortExpression(sort.column))
        ? buildRowsQuery(narrow.d, f, range, sort, page, narrow.keys)
        : buildRowsQuery(from.d, f, range, sort, page);
    const rows = await this.run('rows', query, options);
    return rows.map(toLogRow);
  }

  /**
   * The page asking for the count also draws the histogram: summing its (cached, shared) grouped
   * rows answers the count without another scan of the records.
   */
  async queryCount(filter: LogFilter, options?: QueryOptions) {
    const range = resolve(filter, options);
    const bucketMs = chooseBucketMs(range.to - range.from);
    const rows = await this.statusRows(filter, range, bucketMs, options);
    let total = 0;
    for (const row of rows) total += row.n;
    return total;
  }

  async queryHistogram(filter: LogFilter, options?: QueryOptions) {
    const range = resolve(filter, options);
    const bucketMs = chooseBucketMs(range.to - range.from);
    return shapeStatusHistogram(
      await this.statusRows(filter, range, bucketMs, options),
      range,
      bucketMs,
    );
  }

  async queryLatencySeries(filter: LogFilter, options?: QueryOptions) {
    const range = resolve(filter, options);
    const bucketMs = chooseBucketMs(range.to - range.from);
    return shapeLatencySeries(
      await this.latencyRows(filter, range, bucketMs, options),
      range,
      bucketMs,
    );
  }

  async queryTopN(
    dimension: Parameters<QueryEngine['queryTopN']>[0],
    filter: LogFilter,
    n: number,
    options?: QueryOptions,
  ) {
    const range = resolve(filter, options);
    const { d, filter: f, labels, lookUpLabels } = await this.view(filter, range);
    const plan = ROLLED_UP.has(dimension) ? await this.plan(d, f, range, null) : null;
    // See INLINE_LABEL_RECORDS; the count is the page's own (cached) histogram rows.
    const inline =
      d.fewValues(dimension) ||
      (!lookUpLabels && (await this.queryCount(filter, options)) <= this.inlineLabelRecords);
    const limit = Math.max(1, Math.min(1000, Math.trunc(n)));
    const query = buildTopQuery(d, dimension, f, range, limit, plan, inline);
    const rows = inline
      ? await this.run(`top:${dimension}`, query, options)
      : await this.cache.get(`top:${dimension}`, query, this.store.dataVersion, () =>
          this.store.read((connection) =>
            rankThenLabel(
              connection,
              query,
              (keys) => buildTopLabelsQuery(labels.d, dimension, labels.filter, range, keys),
              options?.signal,
            ),
          ),
        );
    return shapeTop(
      rows.map((r): TopRow => ({
        k: String(r.k),
        n: toNumber(r.n),
        e4: toNumber(r.e4),
        e5: toNumber(r.e5),
        label: toNullableString(r.label),
        b: toNullableNumber(r.b),
        bn: toNumber(r.bn),
      })),
      dimension,
    );
  }

  async querySummary(filter: LogFilter, options?: QueryOptions) {
    const range = resolve(filter, options);
    // Same bucket size as the charts, so the summary reuses their (cached) grouped rows.
    const bucketMs = chooseBucketMs(range.to - range.from);
    const [status, latency, rejects] = await Promise.all([
      this.statusRows(filter, range, bucketMs, options),
      this.latencyRows(filter, range, bucketMs, options),
      this.countRejects(filter, range, options),
    ]);
    return summarize(status, latency, range, rejects);
  }

  private async countRejects(filter: LogFilter, range: ResolvedRange, options?: QueryOptions) {
    const query = buildRejectCountQuery(await this.dialect(), filter, range);
    const rows = await this.run('rejects-count', query, options);
    return toNumber(rows[0]?.n ?? 0);
  }

  async queryRejects(
    filter: LogFilter,
    page: RowPage,
    options?: QueryOptions,
  ): Promise<RejectPage> {
    const range = resolve(filter, options);
    const query = buildRejectPageQuery(await this.dialect(), filter, range, page);
    const [count, rows] = await Promise.all([
      this.countRejects(filter, range, options),
      this.run('rejects', query, options),
    ]);
    return { count, rows: rows.map(toRejectRow) };
  }

  async *streamRows(filter: LogFilter, options?: QueryOptions): AsyncGenerator<LogRow> {
    const d = await this.dialect();
    const query = buildStreamQuery(d, filter, resolve(filter, options));
    const connection = await this.store.connect();
    try {
      for await (const chunk of streamRows(connection, query)) {
        options?.signal?.throwIfAborted();
        for (const row of chunk) yield toLogRow(row);
      }
    } finally {
      connection.closeSync();
    }
  }

  async getRecordByRequestId(requestId: string): Promise<LogRow | null> {
    const d = await this.dialect();
    const columns = [...ROW_COLUMNS.map((c) => `${d.column(c)} AS "${c}"`), 'object_id'].join(', ');
    const p = new ParamList(d);
    const inner = `SELECT ${columns} FROM ${d.recordsTable} WHERE ${requestIdCondition([requestId], p, d)} LIMIT 1`;
    const rows = await this.store.queryRows({ sql: d.attachObjectKey(inner), params: p.params });
    return rows[0] ? toLogRow(rows[0]) : null;
  }
}
