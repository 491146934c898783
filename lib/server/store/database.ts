import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { SqlQuery } from '@/lib/query/sql/dialect';
import { DROP_STATEMENTS, SCHEMA_STATEMENTS, SCHEMA_VERSION } from './schema';
import { runRows, type Row } from './sql-rows';
import { openStaging, persistStaged, STAGED_VIEW, StageShape } from './staging';
import { removeLeftoverBatchFiles } from './load-batch';

export {
  runRows,
  streamRows,
  toNullableNumber,
  toNullableString,
  toNumber,
  type Row,
} from './sql-rows';

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
  /**
   * Memory for records staged in memory during a sync before they are persisted (staging.ts);
   * 0 writes every batch straight to the file. Default DEFAULT_STAGE_MB.
   */
  stageMb?: number;
}

/** Memory for staged records unless configured (STORE_STAGE_MB): a million CLF records take 400. */
export const DEFAULT_STAGE_MB = 640;

/** How long after the last load ends staged records start moving to the file. */
const PERSIST_DELAY_MS = 200;

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
    /** DuckDB's threads outside staged loads (configured, or its default: one per core). */
    private readonly threads: number,
    /** The in-memory stage's columns (staging.ts). */
    readonly stageShape: StageShape,
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
    // This process holds the store now: files of a load that stopped half way are garbage.
    removeLeftoverBatchFiles(options.tempDir);
    await migrate(writer);
    // Per-process working tables (records a costly filter keeps, see matched-rows.ts): in memory,
    // shared by every connection, gone with the process.
    await writer.run(`ATTACH ':memory:' AS scratch`);
    const shape = new StageShape();
    await openStaging(writer, shape);
    const readers = await Promise.all(
      Array.from({ length: options.readers ?? 4 }, () => instance.connect()),
    );
    const threads = await runRows(writer, {
      sql: "SELECT current_setting('threads') AS n",
      params: [],
    });
    return new Store(options, instance, writer, readers, Number(threads[0].n), shape);
  }

  private loading = 0;

  /** Whether staged rows may exist (staging.ts): queries then read STAGED_VIEW. */
  staged = false;

  /** The relation holding every record a query may see. */
  get recordsRelation(): string {
    return this.staged ? STAGED_VIEW : 'records';
  }

  get stageBudgetBytes(): number {
    return (this.options.stageMb ?? DEFAULT_STAGE_MB) * 1024 * 1024;
  }

  /** Whether batches of the running load may still be staged (see closeStage). */
  get stageOpen(): boolean {
    return this.stageBudgetBytes > 0 && !this.stageClosed;
  }

  private stageClosed = false;

  /**
   * DuckDB's settings for what the store does now. Loading: a lower memory limit (blocks just
   * written need no cache, and the process also holds download and parse buffers). Staging: the
   * stage's budget instead, and one thread: an in-memory insert gains little from a second one,
   * which would compete with the parse workers (measured on two cores, 1M CLF: 6.2-6.6 CPU-s and
   * 3.7-4.1 s cold with one thread, 7.0-7.3 and 4.2-4.4 s with two).
   */
  private async settle(connection: DuckDBConnection, mode: 'query' | 'load' | 'staging') {
    const { memoryLimitMb, loadMemoryLimitMb } = this.options;
    if (memoryLimitMb !== undefined && loadMemoryLimitMb !== undefined) {
      const limit = {
        query: memoryLimitMb,
        load: Math.min(loadMemoryLimitMb, memoryLimitMb),
        staging: Math.max(loadMemoryLimitMb, this.stageBudgetBytes / 2 ** 20 + 128),
      }[mode];
      await connection.run(`SET memory_limit = '${Math.trunc(limit)}MB'`);
    }
    await connection.run(`SET threads = ${mode === 'staging' ? 1 : this.threads}`);
    // While staging, no automatic checkpoints: DuckDB (1.4+) checkpoints in-memory tables too,
    // and compressed the stage's strings just before they move (1M CLF: a third of the batch
    // inserts took 0.6-1.4 s instead of 0.2-0.4 s). The file gets only manifest rows meanwhile.
    await connection.run(
      mode === 'staging' ? `SET checkpoint_threshold = '100GB'` : 'RESET checkpoint_threshold',
    );
  }

  /**
   * Runs a load with the load's settings (nested and concurrent loads share them).
   * `stageBytes`: the memory its records would take staged (an estimate); a load that would not
   * fit the budget is written straight to the file (staging helps the loads a user waits for;
   * holding its memory through a long load would only raise the peak).
   */
  async whileLoading<T>(work: () => Promise<T>, stageBytes = 0): Promise<T> {
    try {
      if (this.loading++ === 0) {
        this.stageClosed = stageBytes > this.stageBudgetBytes;
        await this.settle(this.writer, this.stageOpen ? 'staging' : 'load');
      }
      return await work();
    } finally {
      if (--this.loading === 0) {
        await this.settle(this.writer, 'query');
        this.persistSoon();
      }
    }
  }

  /**
   * The running load outgrew the stage: what it staged goes to the file now, the rest of the load
   * is written there directly, with the load's own settings (call from inside `write`).
   */
  async closeStage(connection: DuckDBConnection): Promise<void> {
    this.stageClosed = true;
    await this.persistWith(connection);
    if (this.loading > 0) await this.settle(connection, 'load');
  }

  private persisting: Promise<void> | null = null;
  /** The last background persisting failed (it is tried again after the next load, or by settled). */
  private persistError: unknown = null;

  /**
   * Moves staged records into the file once no load runs (queued behind pending writes; not
   * awaited: the sync that staged them has returned). A failure leaves them staged and readable;
   * the end of the next load tries again.
   */
  persistSoon(): void {
    if (!this.staged || this.loading > 0 || this.persisting || this.closed) return;
    // A moment's wait lets the sync that just loaded finish its own writes (listings) first.
    this.persisting = new Promise<void>((resolve) => setTimeout(resolve, PERSIST_DELAY_MS))
      .then(() =>
        this.write(async (connection) => {
          // A load that started meanwhile: it schedules this again when it ends.
          if (this.loading === 0 && !this.closed) await this.persistWith(connection);
        }),
      )
      .then(
        () => {
          this.persistError = null;
        },
        (error: unknown) => {
          this.persistError = error;
          console.error('persisting staged records failed:', error);
        },
      )
      .finally(() => {
        this.persisting = null;
        // Skipped because a load ran, and that load ended while this was still pending.
        if (this.persistError === null) this.persistSoon();
      });
  }

  /** Persists staged records on the writer connection (call only from inside `write`). */
  async persistWith(connection: DuckDBConnection): Promise<void> {
    if (!this.staged) return;
    await persistStaged(connection, this.stageShape);
    this.staged = false;
    // Nothing a query sees changes, but cached answers and the rollup check were taken while the
    // rollups did not count the staged records: they are worth asking again.
    this.dataVersion++;
  }

  /**
   * Resolves once staged records (if any) are in the file (tests, benchmarks); throws if
   * persisting them fails.
   */
  async settled(): Promise<void> {
    this.persistError = null;
    while (this.staged && this.loading === 0 && !this.closed) {
      this.persistSoon();
      await this.persisting;
      if (this.persistError !== null) throw this.persistError;
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

  private closed = false;

  /** Closes the connections. Records still staged are lost; the next open forgets their objects. */
  close(): void {
    this.closed = true;
    for (const connection of this.idle) connection.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
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
