import 'server-only';
import type { SqlQuery } from '@/lib/query/sql/dialect';

interface Entry<T> {
  version: number;
  value: Promise<T>;
}

/**
 * Query results keyed by the exact SQL and parameters, valid while the store's data version is
 * unchanged. Concurrent identical requests share one execution: the summary, histogram and latency
 * panels of one page ask for the same grouped rows and get them from a single scan.
 */
export class ResultCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  hits = 0;
  misses = 0;
  enabled = true;

  constructor(private readonly maxEntries = 256) {}

  get<T>(kind: string, query: SqlQuery, version: number, compute: () => Promise<T>): Promise<T> {
    if (!this.enabled) return compute();
    const key = `${kind}\n${query.sql}\n${query.params.map((p) => `${p.type}:${String(p.value)}`).join('\u0000')}`;
    const hit = this.entries.get(key) as Entry<T> | undefined;
    if (hit && hit.version === version) {
      this.hits++;
      // Refresh recency: Map iteration order is insertion order, the oldest goes first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    this.misses++;
    const value = compute();
    this.entries.set(key, { version, value });
    // A failed (or aborted) query must not be served to the next caller.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
