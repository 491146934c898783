import 'server-only';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { LogFilter } from '@/lib/query/filter';
import {
  openTempStore,
  presetTemplate,
  renderRecords,
  type TempStore,
  writeTexts,
} from '@/lib/server/sync/test-fixtures';
import { runRows } from './database';
import { MatchedRows } from './matched-rows';
import { StoreDialect } from './store-dialect';

const T0 = Date.UTC(2024, 4, 1, 10);
let temp: TempStore;
beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.close();
});

test('one narrow copy of many matches is kept at a time: a second search drops the first', async () => {
  const json = presetTemplate('custom-json');
  const requests = Array.from({ length: 40 }, (_, i) => ({
    id: `r${i}`,
    time: T0 + i * 1000,
    ip: `10.0.0.${i % 2}`,
  }));
  await writeTexts(temp.store, json, [renderRecords(json, requests)], T0);
  const d = await new StoreDialect(temp.store).get();
  const matched = new MatchedRows(temp.store, 5);
  const range = { from: T0 - 1000, to: T0 + 60_000 };
  const search = (ip: string): LogFilter => ({
    range: { kind: 'absolute', ...range },
    conditions: [{ field: 'text', value: ip, exclude: false }],
  });
  const narrowTables = async () =>
    (
      await runRows(temp.store.writer, {
        sql: "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'matched_narrow_%'",
        params: [],
      })
    ).map((r) => r.table_name);
  const first = await matched.tableFor(d, search('10.0.0.0'), range);
  expect(first?.narrow).toBe(true);
  expect(await narrowTables()).toEqual([first?.table.replace('scratch.', '')]);
  const second = await matched.tableFor(d, search('10.0.0.1'), range);
  expect(second?.narrow).toBe(true);
  expect(await narrowTables()).toEqual([second?.table.replace('scratch.', '')]);
  // The first search is copied again when asked for again.
  const again = await matched.tableFor(d, search('10.0.0.0'), range);
  expect(again?.table).not.toBe(first?.table);
});
