import 'server-only';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { renderTemplate, tokenizeTemplate } from '@/lib/formats/template-tokens';
import {
  contextValues,
  openTempStore,
  presetTemplate,
  type TempStore,
  writeTexts,
} from '@/lib/server/sync/test-fixtures';
import { FEW_AGENTS } from './agent-labels';
import { runRows, toNumber } from './database';
import { DuckDbQueryEngine } from './engine';

const T0 = Date.UTC(2024, 4, 1, 10);
const JSON_TEMPLATE = presetTemplate('custom-json');
const AGENTS = ['curl/8.0', 'Mozilla/5.0 (X11) "quoted"', 'okhttp/4.12', 'Käse-Client/1'];
let temp: TempStore;
beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.close();
});

/** One object per call; agent i of AGENTS is used by (i + 1) * 10 requests, some failing. */
async function load(staged: boolean) {
  const tokens = tokenizeTemplate(JSON_TEMPLATE);
  const lines = AGENTS.flatMap((agent, i) =>
    Array.from({ length: (i + 1) * 10 }, (_, j) => {
      const values = contextValues({
        id: `${i}-${j}-${staged}`,
        time: T0 + j * 1000,
        status: j % 5 === 0 ? 502 : 200,
        latency: 10 + i,
      });
      return renderTemplate(tokens, { ...values, '$context.identity.userAgent': agent });
    }),
  );
  await writeTexts(temp.store, JSON_TEMPLATE, [lines.join('')], T0);
  if (!staged) await temp.store.settled();
}

const whole = {
  range: { kind: 'absolute' as const, from: T0 - 3_600_000, to: T0 + 3_600_000 },
  conditions: [],
};

test('few user agents: named from their dictionary, ranked in one pass like the records say', async () => {
  await load(false);
  await load(true); // staged: named as soon as the batch is written
  const labels = await runRows(temp.store.writer, {
    sql: 'SELECT label FROM ua_labels ORDER BY label',
    params: [],
  });
  expect(labels.map((r) => r.label)).toEqual([...AGENTS].sort());
  const engine = new DuckDbQueryEngine(temp.store);
  const sql: string[] = [];
  const queryRows = temp.store.queryRows.bind(temp.store);
  temp.store.queryRows = (query, signal) => (sql.push(query.sql), queryRows(query, signal));
  const top = await engine.queryTopN('userAgent', whole, 3);
  expect(sql.some((text) => text.includes('ua_labels'))).toBe(true);
  expect(top.map((e) => [e.value, e.count, e.serverErrors])).toEqual([
    ['Käse-Client/1', 80, 16],
    ['okhttp/4.12', 60, 12],
    ['Mozilla/5.0 (X11) "quoted"', 40, 8],
  ]);
  expect(top[0].p50).toBe(13);

  // Past FEW_AGENTS the dictionary is not used: the two-pass list gives the same answer.
  await temp.store.writer.run(
    `INSERT INTO ua_labels SELECT hash(i::VARCHAR), i::VARCHAR FROM range(${FEW_AGENTS}) t(i)`,
  );
  temp.store.dataVersion++;
  sql.length = 0;
  const many = new DuckDbQueryEngine(temp.store);
  expect(await many.queryTopN('userAgent', whole, 3)).toEqual(top);
  expect(sql.some((text) => text.includes('ua_labels'))).toBe(false);
  // ...and the dictionary stops growing.
  await load(false);
  const count = await runRows(temp.store.writer, {
    sql: 'SELECT count(*) AS n FROM ua_labels',
    params: [],
  });
  expect(toNumber(count[0].n)).toBe(FEW_AGENTS + AGENTS.length);
});
