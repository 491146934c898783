import 'server-only';
import { duckdbDialect, type SqlDialect } from '@/lib/query/sql/dialect';
import { withRawText } from '@/lib/query/sql/raw-sql';
import { fewAgents } from './agent-labels';
import type { Store } from './database';
import { storedTemplates } from './templates';

/**
 * The SQL dialect queries of a store use: `raw` rendered for records stored without it
 * (raw-sql.ts), the staged records read too while there are any (staging.ts), user agents as a
 * few-values dimension while they are few (agent-labels.ts). Built again only when the data
 * version or the records' relation changes.
 */
export class StoreDialect {
  private cached: { version: number; recordsTable: string; dialect: SqlDialect } | null = null;

  constructor(private readonly store: Store) {}

  async get(): Promise<SqlDialect> {
    const version = this.store.dataVersion;
    const recordsTable = this.store.recordsRelation;
    const cached = this.cached;
    if (cached?.version === version && cached.recordsTable === recordsTable) return cached.dialect;
    const [templates, few] = await Promise.all([
      storedTemplates(this.store),
      fewAgents(this.store),
    ]);
    const base = withRawText(duckdbDialect, templates);
    const dialect: SqlDialect = {
      ...base,
      recordsTable,
      // Few user agents: a one-pass top list labelled from their dictionary (agent-labels.ts).
      fewValues: (dimension) => base.fewValues(dimension) || (few && dimension === 'userAgent'),
      labelTable: (dimension) =>
        few && dimension === 'userAgent' ? 'ua_labels' : base.labelTable(dimension),
    };
    this.cached = { version, recordsTable, dialect };
    return dialect;
  }
}
