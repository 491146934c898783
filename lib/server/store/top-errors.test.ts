import 'server-only';
import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  openTempStore,
  presetTemplate,
  renderRecords,
  type TempStore,
  writeTexts,
  type TestRequest,
} from '@/lib/server/sync/test-fixtures';
import { DuckDbQueryEngine } from './engine';

const T0 = Date.UTC(2024, 4, 1, 10);
let temp: TempStore;
beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.close();
});

const load = (template: string, requests: TestRequest[]) =>
  writeTexts(temp.store, template, [renderRecords(template, requests)], T0);

test('top lists count the errors of records with and without a latency alike', async () => {
  // CLF records carry no latency; JSON ones do. Both kinds fail for the same clients.
  const requests = (format: string, count: number, failEvery: number) =>
    Array.from({ length: count }, (_, i) => ({
      // Ids like API Gateway's (a UUID): CLF records are glued, an id ending in digits would
      // run into the next record's IP.
      id: `${format}${String(i).padStart(4, '0')}-0000-4000-8000-00000000000${format.length}`,
      time: T0 + i * 1000,
      ip: `10.0.0.${i % 3}`,
      status: i % failEvery === 0 ? 503 : i % 7 === 0 ? 404 : 200,
      latency: 30 + (i % 3),
    }));
  const clf = requests('clf', 90, 2);
  const json = requests('json', 60, 5);
  await load(presetTemplate('clf'), clf);
  await load(presetTemplate('custom-json'), json);
  const all = [...clf, ...json];

  const engine = new DuckDbQueryEngine(temp.store);
  engine.inlineLabelRecords = 0; // labels looked up: the two-pass list at any size
  const top = await engine.queryTopN(
    'ip',
    { range: { kind: 'absolute', from: T0 - 3_600_000, to: T0 + 3_600_000 }, conditions: [] },
    3,
  );
  for (const entry of top) {
    const mine = all.filter((r) => r.ip === entry.value);
    expect(entry.count).toBe(mine.length);
    expect(entry.serverErrors).toBe(mine.filter((r) => r.status >= 500).length);
    expect(entry.clientErrors).toBe(mine.filter((r) => r.status === 404).length);
    // The latency percentiles come from the JSON records alone: 30, 31 or 32 by client.
    expect(entry.p50).toBe(30 + Number(entry.value.at(-1)));
  }
  expect(top).toHaveLength(3);
});
