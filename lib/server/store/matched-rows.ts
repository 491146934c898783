import 'server-only';
import type { FilterCondition, LogFilter } from '@/lib/query/filter';
import { ParamList, type SqlDialect, type SqlParam } from '@/lib/query/sql/dialect';
import { buildWhere } from '@/lib/query/sql/where';
import type { ResolvedRange } from '@/lib/query/time-range';
import { runRows, toNumber, type Store } from './database';

/**
 * A dashboard page asks eight queries of one filter (counts per status and per latency, five top
 * lists, a page of rows). When the filter tests text (free text over records rendered from their
 * columns, a substring or glob on paths or user agents), each of them tested every record of the
 * range again: at 10M rows of a JSON format, a page searching free text took 44-57 s.
 * Instead the records the filter keeps are copied once into an in-memory table (the `scratch`
 * database, see database.ts) and the page's queries read that table with no condition left.
 *
 * A filter keeping more than `maxRows` records (too many to copy whole) gets a narrow copy: only
 * the columns the aggregates read (about 165 bytes a record in memory instead of 500-800), up to
 * `maxNarrowRows`; the page of rows joins the records to it. One narrow copy is kept at a time. Beyond that, a table of which records
 * match, and every query joins the records to it.
 */
export const MAX_MATCHED_ROWS = 200_000;
/**
 * About 165 bytes a record: up to 1.65 GB, of which DuckDB keeps what its memory limit allows and
 * spills the rest to its temporary folder (only one such copy is kept). Even spilled, a copy beats
 * joining every query to the records: 10M custom-json records, whole page of a free-text search
 * matching 4.3M / 8M / 10M of them: 3.0-3.3 / 4.0 / 4.2 s copied (0.5-1 GB spilled) against 9.6 /
 * 10.7 / 11.8 s joined, and the peak RSS fell from 1.1-1.4 GB to about 1 GB.
 */
export const MAX_NARROW_ROWS = 10_000_000;
/**
 * What the aggregates (counts, histograms, latency, top lists ranked by key) read. Labels of top
 * lists are looked up in the records, and the page of rows reads the records themselves.
 */
const NARROW = [
  'source',
  'time_ms',
  'method',
  'route',
  'route_h',
  'status',
  'bytes',
  'latency_ms',
  'integration_latency_ms',
  'lat_b',
  'ovh_b',
  'ip_h',
  'path_h',
  'ua_h',
  'object_id',
  'object_offset',
];
const NARROW_COLUMNS = NARROW.join(', ');

/** Whether a narrow copy holds the column (or column expression) `sql`. */
export function narrowHolds(sql: string): boolean {
  return NARROW.includes(sql);
}
/** Tables kept (most recently used); each holds at most maxRows records. */
const KEEP_TABLES = 3;
/** Table names are unique in the process: several engines (tests) can share one store. */
let tableCounter = 0;

/** Conditions that cost a text test per record. */
export function isCostlyCondition(condition: FilterCondition): boolean {
  if (condition.field === 'text' || condition.field === 'userAgent') return true;
  return (
    condition.field === 'path' && (condition.match === 'contains' || condition.match === 'glob')
  );
}

export interface Filled {
  /**
   * What queries read instead of the records: a table (all columns, or the narrow ones), or the
   * records joined to matching keys.
   */
  table: string;
  /** Whether `table` is the join (reading it costs a scan of the records in the range). */
  joined: boolean;
  /** Whether `table` holds only NARROW_COLUMNS (top lists then look their labels up). */
  narrow: boolean;
  /** What the page of rows reads (all columns). */
  rows: string;
  /** The scratch tables behind it, dropped with the entry. */
  tables: string[];
}

/** What a query reads (see DuckDbQueryEngine.view), and where top lists look their labels up. */
export interface View {
  d: SqlDialect;
  filter: LogFilter;
  labels: { d: SqlDialect; filter: LogFilter };
  /**
   * Where the page of rows comes from (the view may hold only the aggregates' columns): whole
   * rows of the matches, and a narrow copy of them to choose the page's keys from when it holds
   * the sort column (the rows are then read from the records, `d`).
   */
  rows: { d: SqlDialect; narrow: { d: SqlDialect; keys: string } | null };
  /** Top lists must look labels up (the view has no label columns). */
  lookUpLabels: boolean;
}

/**
 * The view of `filter` over the records (`d`), or over its matches when they were copied: then no
 * condition is left to test and no rollup applies.
 */
export function viewOf(d: SqlDialect, filter: LogFilter, matched: Filled | null): View {
  if (matched === null)
    return { d, filter, labels: { d, filter }, rows: { d, narrow: null }, lookUpLabels: false };
  const view = {
    d: { ...d, recordsTable: matched.table, rollups: null },
    filter: { ...filter, conditions: [] },
  };
  // A key's text is the same in every record: when the view is a join of all the records (or has
  // no text), a first match in the range's records is cheaper.
  const inRecords = matched.joined || matched.narrow;
  return {
    ...view,
    labels: inRecords ? { d, filter: view.filter } : view,
    rows: {
      d: { ...view.d, recordsTable: matched.rows },
      narrow: matched.narrow ? { d, keys: matched.table } : null,
    },
    lookUpLabels: matched.narrow,
  };
}

interface Entry {
  version: number;
  filled: Promise<Filled>;
  /** Set once filled with a narrow copy (the large kind: see dropNarrow). */
  narrow?: boolean;
}

/** A copy that could not be made (memory, say) leaves the queries to test the records themselves. */
function orNull(filled: Promise<Filled>): Promise<Filled | null> {
  return filled.catch(() => null);
}

export class MatchedRows {
  private readonly entries = new Map<string, Entry>();
  /** Tables filled so far (tests count them). */
  created = 0;
  /** Off: every query tests the records itself (tests compare both ways). */
  enabled = true;

  constructor(
    private readonly store: Store,
    readonly maxRows = MAX_MATCHED_ROWS,
    readonly maxNarrowRows = MAX_NARROW_ROWS,
  ) {}

  /**
   * A relation holding exactly the records of `range` that `filter` keeps (all columns), or null
   * when the filter has no costly condition. `d` must read the store's records (its recordsTable
   * and text rendering).
   */
  async tableFor(d: SqlDialect, filter: LogFilter, range: ResolvedRange): Promise<Filled | null> {
    if (!this.enabled || !filter.conditions.some(isCostlyCondition)) return null;
    const version = this.store.dataVersion;
    const key = JSON.stringify([filter.conditions, range.from, range.to]);
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.version === version) {
      this.entries.set(key, hit);
      return orNull(hit.filled);
    }
    if (hit) this.drop(hit);
    const entry: Entry = { version, filled: this.fill(d, filter, range) };
    entry.filled.then((filled) => (entry.narrow = filled.narrow)).catch(() => undefined);
    this.entries.set(key, entry);
    entry.filled.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > KEEP_TABLES) {
      const oldest = this.entries.keys().next().value as string;
      const old = this.entries.get(oldest);
      this.entries.delete(oldest);
      if (old) this.drop(old);
    }
    return orNull(entry.filled);
  }

  private async fill(d: SqlDialect, filter: LogFilter, range: ResolvedRange) {
    const id = ++tableCounter;
    const rows = `scratch.matched_${id}`;
    const p = new ParamList(d);
    const where = buildWhere(filter, range, p, d);
    // One record more than allowed tells "too many" (and stops the scan there).
    const limit = p.add(this.maxRows + 1, 'BIGINT');
    const count = await this.fillTable(
      rows,
      `SELECT * FROM ${d.recordsTable} WHERE ${where} LIMIT ${limit}`,
      p.params,
    );
    this.created++;
    if (count <= this.maxRows)
      return { table: rows, joined: false, narrow: false, rows, tables: [rows] };
    await this.dropTables([rows]);
    const semiJoin = (keys: string) =>
      `(SELECT r.* FROM ${d.recordsTable} r SEMI JOIN ${keys} m ` +
      `ON r.object_id = m.object_id AND r.object_offset = m.object_offset)`;
    await this.dropNarrow();
    const narrow = `scratch.matched_narrow_${id}`;
    const n = new ParamList(d);
    const narrowWhere = buildWhere(filter, range, n, d);
    const narrowLimit = n.add(this.maxNarrowRows + 1, 'BIGINT');
    const narrowCount = await this.fillTable(
      narrow,
      `SELECT ${NARROW_COLUMNS} FROM ${d.recordsTable} WHERE ${narrowWhere} LIMIT ${narrowLimit}`,
      n.params,
    );
    if (narrowCount <= this.maxNarrowRows) {
      const rowsRelation = semiJoin(narrow);
      return { table: narrow, joined: false, narrow: true, rows: rowsRelation, tables: [narrow] };
    }
    await this.dropTables([narrow]);
    // Too many even for that: keep only which records match (12 bytes each). Each query then
    // joins the records to them, a hash probe instead of a text test per record (about twice as
    // fast).
    const keys = `scratch.matched_keys_${id}`;
    const q = new ParamList(d);
    const keysWhere = buildWhere(filter, range, q, d);
    await this.fillTable(
      keys,
      `SELECT object_id, object_offset FROM ${d.recordsTable} WHERE ${keysWhere}`,
      q.params,
    );
    const relation = semiJoin(keys);
    return { table: relation, joined: true, narrow: false, rows: relation, tables: [keys] };
  }

  /** Creates `table` from the query's rows; returns how many. */
  private fillTable(table: string, select: string, params: SqlParam[]): Promise<number> {
    return this.store.read(async (connection) => {
      await runRows(connection, { sql: `CREATE TABLE ${table} AS ${select}`, params });
      const [row] = await runRows(connection, {
        sql: `SELECT count(*) AS n FROM ${table}`,
        params: [],
      });
      return toNumber(row.n);
    });
  }

  /** Drops the narrow copies kept for other filters, so that at most one holds memory. */
  private async dropNarrow(): Promise<void> {
    for (const [key, entry] of this.entries) {
      if (!entry.narrow) continue;
      this.entries.delete(key);
      await entry.filled.then(({ tables }) => this.dropTables(tables)).catch(() => undefined);
    }
  }

  private drop(entry: Entry): void {
    entry.filled.then(({ tables }) => this.dropTables(tables)).catch(() => undefined);
  }

  private dropTables(tables: readonly string[]): Promise<unknown> {
    // A query still reading a table keeps its snapshot; later ones no longer ask for it.
    return this.store.read(async (connection) => {
      for (const table of tables) await connection.run(`DROP TABLE IF EXISTS ${table}`);
    });
  }
}
