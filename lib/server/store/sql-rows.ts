import 'server-only';
import {
  BIGINT,
  DOUBLE,
  INTEGER,
  JSDuckDBValueConverter,
  UBIGINT,
  UHUGEINT,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  type JS,
} from '@duckdb/node-api';
import type { SqlQuery, SqlType } from '@/lib/query/sql/dialect';

/** Running built queries (SQL + typed parameters) and reading their rows as plain JS. */
export type Row = Record<string, JS>;

const DUCK_TYPES: Record<SqlType, DuckDBType> = {
  VARCHAR,
  BIGINT,
  INTEGER,
  DOUBLE,
  UBIGINT,
  UHUGEINT,
};

function bindArguments(query: SqlQuery): [DuckDBValue[], DuckDBType[]] {
  return [
    query.params.map((p) =>
      p.type === 'BIGINT' || p.type === 'UBIGINT' || p.type === 'UHUGEINT'
        ? BigInt(p.value)
        : p.value,
    ),
    query.params.map((p) => DUCK_TYPES[p.type]),
  ];
}

export async function runRows(
  connection: DuckDBConnection,
  query: SqlQuery,
  signal?: AbortSignal,
): Promise<Row[]> {
  signal?.throwIfAborted();
  const onAbort = () => connection.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const [values, types] = bindArguments(query);
    const reader = await connection.runAndReadAll(query.sql, values, types);
    const names = reader.columnNames();
    return reader.convertRows(JSDuckDBValueConverter).map((values_) => {
      const row: Row = {};
      names.forEach((name, i) => (row[name] = values_[i]));
      return row;
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Streams a query's rows chunk by chunk (about 2048 rows each) without materialising them all. */
export async function* streamRows(
  connection: DuckDBConnection,
  query: SqlQuery,
): AsyncGenerator<Row[]> {
  const [values, types] = bindArguments(query);
  const result = await connection.stream(query.sql, values, types);
  const names = result.columnNames();
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    yield chunk.convertRows(JSDuckDBValueConverter).map((values_) => {
      const row: Row = {};
      names.forEach((name, i) => (row[name] = values_[i]));
      return row;
    });
  }
}

/** DuckDB returns BIGINT and HUGEINT as bigint; the API speaks plain numbers. */
export function toNumber(value: JS): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null) return 0;
  return Number(value);
}

export function toNullableNumber(value: JS): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}

export function toNullableString(value: JS): string | null {
  return value === null || value === undefined ? null : String(value);
}
