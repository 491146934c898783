import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import {
  BIGINT,
  DOUBLE,
  DuckDBConnection,
  DuckDBInstance,
  INTEGER,
  JSDuckDBValueConverter,
  UBIGINT,
  UHUGEINT,
  VARCHAR,
  type DuckDBType,
  type DuckDBValue,
  type JS,
} from '@duckdb/node-api';
import type { SqlQuery, SqlType } from '@/lib/query/sql/dialect';
import { DROP_STATEMENTS, SCHEMA_STATEMENTS, SCHEMA_VERSION } from './schema';

/**
 * One DuckDB database file per process: one writer connection (loads and evictions run one at a
 * time) and a small pool of reader connections so dashboard panels run side by side.
 */
export interface StoreOptions {
  /** Database file; ':memory:' for a throwaway store. */
  file: string;
  /** Folder for the loader's temporary TSV files. */
  tempDir: string;
  memoryLimitMb?: number;
  /**
   * Lower limit while a sync writes: freshly written blocks need no cache, and the process stays
   * small while it also holds download and parse buffers. Queries get memoryLimitMb again after.
   */
  loadMemoryLimitMb?: number;
  threads?: number;
  readers?: number;
}

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

export class Store {
  /** Bumped after every committed change; cached query results carry the version they saw. */
  dataVersion = 0;
  private writeChain: Promise<unknown> = Promise.resolve();
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];

  private constructor(
    readonly options: StoreOptions,
    private readonly instance: DuckDBInstance,
    readonly writer: DuckDBConnection,
    readers: DuckDBConnection[],
  ) {
    this.idle.push(...readers);
  }

  static async open(options: StoreOptions): Promise<Store> {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true });
    fs.mkdirSync(options.tempDir, { recursive: true });
    const config: Record<string, string> = {
      // Loads may write row groups in parallel. Objects arrive in time order and each thread takes
      // a contiguous part of a batch, so row groups still cover short time spans for zone maps.
      preserve_insertion_order: 'false',
    };
    if (options.memoryLimitMb) config.memory_limit = `${options.memoryLimitMb}MB`;
    if (options.threads) config.threads = String(options.threads);
    config.temp_directory = path.join(options.tempDir, 'duckdb-spill');
    const instance = await DuckDBInstance.create(options.file, config);
    const writer = await instance.connect();
    await migrate(writer);
    // Per-process working tables (records a costly filter keeps, see matched-rows.ts): in memory,
    // shared by every connection, gone with the process.
    await writer.run(`ATTACH ':memory:' AS scratch`);
    const readers = await Promise.all(
      Array.from({ length: options.readers ?? 4 }, () => instance.connect()),
    );
    return new Store(options, instance, writer, readers);
  }

  private loading = 0;

  /** Runs a load with the lower memory limit (nested and concurrent loads share it). */
  async whileLoading<T>(work: () => Promise<T>): Promise<T> {
    const { memoryLimitMb, loadMemoryLimitMb } = this.options;
    const switchLimit =
      memoryLimitMb !== undefined &&
      loadMemoryLimitMb !== undefined &&
      loadMemoryLimitMb < memoryLimitMb;
    if (switchLimit && this.loading++ === 0)
      await this.writer.run(`SET memory_limit = '${Math.trunc(loadMemoryLimitMb)}MB'`);
    try {
      return await work();
    } finally {
      if (switchLimit && --this.loading === 0)
        await this.writer.run(`SET memory_limit = '${Math.trunc(memoryLimitMb)}MB'`);
    }
  }

  /** Runs `work` with the writer connection, after every write queued before it. */
  write<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const result = this.writeChain.then(() => work(this.writer));
    this.writeChain = result.catch(() => undefined);
    return result;
  }

  async read<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection =
      this.idle.pop() ??
      (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  /** Runs a built query on a reader and returns plain JS rows (BIGINTs as bigint). */
  queryRows(query: SqlQuery, signal?: AbortSignal): Promise<Row[]> {
    return this.read((connection) => runRows(connection, query, signal));
  }

  /** A dedicated connection for long work (an export stream) that must not hold a pool slot. */
  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  close(): void {
    for (const connection of this.idle) connection.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
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

async function migrate(connection: DuckDBConnection): Promise<void> {
  for (const statement of SCHEMA_STATEMENTS) await connection.run(statement);
  const reader = await connection.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema'`);
  const version = reader.getRowsJS()[0]?.[0];
  if (version === SCHEMA_VERSION) return;
  if (version !== undefined) {
    for (const statement of DROP_STATEMENTS) await connection.run(statement);
    for (const statement of SCHEMA_STATEMENTS) await connection.run(statement);
  }
  await connection.run(`INSERT INTO meta VALUES ('schema', '${SCHEMA_VERSION}')`);
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
