import 'server-only';
/**
 * The auth database: `<data dir>/auth.duckdb`, holding API tokens and the audit log. One instance per
 * process, kept on globalThis so `next dev` reloads do not open the file twice, and one connection
 * whose statements run one at a time (a promise queue), which is plenty for sign-ins and admin work.
 */
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export const AUTH_DB_FILE = 'auth.duckdb';

const SCHEMA = [
  `CREATE SEQUENCE IF NOT EXISTS audit_event_ids START 1`,
  // Append-only by construction: no code path issues UPDATE or DELETE on this table.
  `CREATE TABLE IF NOT EXISTS audit_events (
     id BIGINT PRIMARY KEY DEFAULT nextval('audit_event_ids'),
     occurred_at TIMESTAMPTZ NOT NULL,
     action VARCHAR NOT NULL,
     actor VARCHAR NOT NULL,
     target VARCHAR NOT NULL,
     ip VARCHAR NOT NULL,
     detail VARCHAR NOT NULL,
     -- inbox file name for events written by other processes; makes re-importing one a no-op
     source VARCHAR UNIQUE
   )`,
  `CREATE TABLE IF NOT EXISTS api_tokens (
     id VARCHAR PRIMARY KEY,
     name VARCHAR NOT NULL,
     hint VARCHAR NOT NULL,
     token_hash VARCHAR NOT NULL UNIQUE,
     created_by VARCHAR NOT NULL,
     created_at TIMESTAMPTZ NOT NULL,
     last_used_at TIMESTAMPTZ,
     revoked_at TIMESTAMPTZ,
     revoked_by VARCHAR
   )`,
];

interface OpenDb {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  tail: Promise<unknown>;
}

const REGISTRY = Symbol.for('apigw-log-dashboard.auth-db');
type Registry = Map<string, Promise<OpenDb>>;
type GlobalWithRegistry = typeof globalThis & { [REGISTRY]?: Registry };

function registry(): Registry {
  const g = globalThis as GlobalWithRegistry;
  g[REGISTRY] ??= new Map();
  return g[REGISTRY];
}

async function open(file: string): Promise<OpenDb> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  for (const statement of SCHEMA) await connection.run(statement);
  return { instance, connection, tail: Promise.resolve() };
}

export function authDbPath(dataDir: string): string {
  return path.join(dataDir, AUTH_DB_FILE);
}

/** Runs `work` with the database of `dataDir`, after every earlier piece of work has finished. */
export async function withAuthDb<T>(
  dataDir: string,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const file = authDbPath(dataDir);
  const dbs = registry();
  let pending = dbs.get(file);
  if (!pending) {
    pending = open(file);
    dbs.set(file, pending);
    // A failed open (locked by another process, disk full) must not be cached forever.
    pending.catch(() => dbs.delete(file));
  }
  const db = await pending;
  const run = db.tail.then(
    () => work(db.connection),
    () => work(db.connection),
  );
  db.tail = run.catch(() => undefined);
  return run;
}

/** Closes every open auth database (tests; graceful shutdown). */
export async function closeAuthDbs(): Promise<void> {
  const dbs = registry();
  const all = [...dbs.values()];
  dbs.clear();
  for (const pending of all) {
    const db = await pending.catch(() => undefined);
    if (!db) continue;
    await db.tail;
    db.connection.closeSync();
    db.instance.closeSync();
  }
}
