import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SqlQuery } from '@/lib/query/sql/dialect';
import { runRows, toNumber, type Row } from './database';

/**
 * Runs a top query that ranks without the values' text (buildTopQuery, inlineLabels false), then
 * looks its winners' labels up (`lookup`, buildTopLabelsQuery: row i labels keys[i]) on the same
 * connection: handing the lookup back to the shared pool queued it behind the page's other queries.
 */
export async function rankThenLabel(
  connection: DuckDBConnection,
  query: SqlQuery,
  lookup: (keys: string[]) => SqlQuery,
  signal?: AbortSignal,
): Promise<Row[]> {
  const ranked = await runRows(connection, query, signal);
  const keys = [...new Set(ranked.map((r) => String(r.k)))];
  if (keys.length === 0) return ranked;
  const found = await runRows(connection, lookup(keys), signal);
  const text = new Map(found.map((r) => [keys[toNumber(r.i)], r.label]));
  return ranked.map((r): Row => ({ ...r, label: text.get(String(r.k)) ?? null }));
}
