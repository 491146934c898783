import 'server-only';
import { duckdbDialect, type SqlDialect } from '@/lib/query/sql/dialect';
import { withRawText } from '@/lib/query/sql/raw-sql';
import type { Store } from './database';
import { storedTemplates } from './templates';

/**
 * The SQL dialect queries of a store use: `raw` rendered for records stored without it
 * (raw-sql.ts), and the staged records read too while there are any (staging.ts). Built again
 * only when the data version or the records' relation changes.
 */
export class StoreDialect {
  private cached: { version: number; recordsTable: string; dialect: SqlDialect } | null = null;

  constructor(private readonly store: Store) {}

  async get(): Promise<SqlDialect> {
    const version = this.store.dataVersion;
    const recordsTable = this.store.recordsRelation;
    const cached = this.cached;
    if (cached?.version === version && cached.recordsTable === recordsTable) return cached.dialect;
    const templates = await storedTemplates(this.store);
    const dialect = { ...withRawText(duckdbDialect, templates), recordsTable };
    this.cached = { version, recordsTable, dialect };
    return dialect;
  }
}
