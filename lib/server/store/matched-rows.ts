import 'server-only';
import type { FilterCondition, LogFilter } from '@/lib/query/filter';
import { ParamList, type SqlDialect } from '@/lib/query/sql/dialect';
import { buildWhere } from '@/lib/query/sql/where';
import type { ResolvedRange } from '@/lib/query/time-range';
import { runRows, toNumber, type Store } from './database';

/**
 * A dashboard page asks eight queries of one filter (counts per status and per latency, five top
 * lists, a page of rows). When the filter tests text (free text over records rendered from their
 * columns, a substring or glob on paths or user agents), each of them tested every record of the
 * range again: at 10M rows of a JSON format, free text took ~4 s per query and ~20 s per page.
 * Instead the records the filter keeps are copied once into an in-memory table (the `scratch`
 * database, see database.ts) and the page's queries read that table with no condition left.
 *
 * Only worth it, and only affordable, for selective filters: a filter keeping more than
 * `maxRows` records is answered from the records as before (and remembered as such).
 */
export const MAX_MATCHED_ROWS = 250_000;
/** Tables kept (most recently used); each holds at most maxRows records. */
const KEEP_TABLES = 4;
/** Table names are unique in the process: several engines (tests) can share one store. */
let tableCounter = 0;

/** Conditions that cost a text test per record. */
export function isCostlyCondition(condition: FilterCondition): boolean {
  if (condition.field === 'text' || condition.field === 'userAgent') return true;
  return (
    condition.field === 'path' && (condition.match === 'contains' || condition.match === 'glob')
  );
}

interface Entry {
  version: number;
  table: Promise<string | null>;
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
  ) {}

  /**
   * The table holding exactly the records of `range` that `filter` keeps (all columns), or null
   * when the filter has no costly condition or keeps too many records. `d` must read the store's
   * records (its recordsTable and text rendering).
   */
  async tableFor(d: SqlDialect, filter: LogFilter, range: ResolvedRange): Promise<string | null> {
    if (!this.enabled || !filter.conditions.some(isCostlyCondition)) return null;
    const version = this.store.dataVersion;
    const key = JSON.stringify([filter.conditions, range.from, range.to]);
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.version === version) {
      this.entries.set(key, hit);
      return hit.table;
    }
    if (hit) this.drop(hit);
    const entry: Entry = { version, table: this.fill(d, filter, range) };
    this.entries.set(key, entry);
    entry.table.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > KEEP_TABLES) {
      const oldest = this.entries.keys().next().value as string;
      const old = this.entries.get(oldest);
      this.entries.delete(oldest);
      if (old) this.drop(old);
    }
    return entry.table;
  }

  private async fill(d: SqlDialect, filter: LogFilter, range: ResolvedRange) {
    const table = `scratch.matched_${++tableCounter}`;
    const p = new ParamList(d);
    const where = buildWhere(filter, range, p, d);
    // One record more than allowed tells "too many" without counting them all.
    const limit = p.add(this.maxRows + 1, 'BIGINT');
    const count = await this.store.read(async (connection) => {
      await runRows(connection, {
        sql: `CREATE TABLE ${table} AS SELECT * FROM ${d.recordsTable} WHERE ${where} LIMIT ${limit}`,
        params: p.params,
      });
      const [row] = await runRows(connection, {
        sql: `SELECT count(*) AS n FROM ${table}`,
        params: [],
      });
      return toNumber(row.n);
    });
    this.created++;
    if (count <= this.maxRows) return table;
    await this.dropTable(table);
    return null;
  }

  private drop(entry: Entry): void {
    entry.table.then((table) => (table ? this.dropTable(table) : undefined)).catch(() => undefined);
  }

  private dropTable(table: string): Promise<unknown> {
    // A query still reading the table keeps its snapshot; later ones no longer ask for it.
    return this.store.read((connection) => connection.run(`DROP TABLE IF EXISTS ${table}`));
  }
}
