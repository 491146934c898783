import 'server-only';
import { renderParts } from '@/lib/formats/raw-render';
import { runRows, type Store } from './database';

export interface StoredTemplate {
  id: number;
  template: string;
}

/**
 * The store's ids for the templates whose records can be stored without their raw text (records.tpl
 * names one), adding the new ones. Templates that cannot be rendered get no id: their records
 * always keep their text.
 */
export async function templateIdsFor(
  store: Store,
  templates: readonly string[],
): Promise<Record<string, number>> {
  const renderable = [...new Set(templates)].filter((t) => renderParts(t) !== null);
  if (renderable.length === 0) return {};
  return store.write(async (connection) => {
    const ids = new Map(
      (await runRows(connection, { sql: 'SELECT id, template FROM templates', params: [] })).map(
        (row) => [String(row.template), Number(row.id)],
      ),
    );
    let next = Math.max(0, ...ids.values()) + 1;
    for (const template of renderable) {
      if (ids.has(template)) continue;
      await runRows(connection, {
        sql: 'INSERT INTO templates VALUES ($1, $2)',
        params: [
          { value: next, type: 'INTEGER' },
          { value: template, type: 'VARCHAR' },
        ],
      });
      ids.set(template, next++);
    }
    return Object.fromEntries(renderable.map((t) => [t, ids.get(t) as number]));
  });
}

/** Every stored template (for rendering records stored without their raw text). */
export async function storedTemplates(store: Store): Promise<StoredTemplate[]> {
  const rows = await store.queryRows({
    sql: 'SELECT id, template FROM templates ORDER BY id',
    params: [],
  });
  return rows.map((row) => ({ id: Number(row.id), template: String(row.template) }));
}
