import 'server-only';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  openTempStore,
  presetTemplate,
  renderRecords,
  type TempStore,
  writeTexts,
  type TestRequest,
} from '@/lib/server/sync/test-fixtures';
import { runRows, Store, toNumber } from './database';
import { DuckDbQueryEngine } from './engine';
import { rollupsCoverRecords } from './rollups';
import { STAGE_TABLE, STAGED_VIEW, stagedBytes } from './staging';

const T0 = Date.UTC(2024, 4, 1, 10);
const CLF = presetTemplate('clf');
let temp: TempStore;
beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.close();
});

function requests(object: number, count: number): TestRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `o${object}-r${i}`,
    time: T0 + object * 600_000 + i * 7_000,
    ip: `10.0.${object}.${i % 5}`,
    status: i % 4 === 0 ? 503 : 200,
  }));
}

/** Writes one batch of objects (each `count` records) the way a sync does. */
function writeObjects(store: Store, objects: number[], count = 40) {
  const texts = objects.map((object) => renderRecords(CLF, requests(object, count)));
  return writeTexts(store, CLF, texts, T0);
}

async function count(store: Store, relation: string): Promise<number> {
  const rows = await runRows(store.writer, {
    sql: `SELECT count(*) AS n FROM ${relation}`,
    params: [],
  });
  return toNumber(rows[0].n);
}

async function stageColumns(store: Store): Promise<string[]> {
  const rows = await runRows(store.writer, {
    sql: `SELECT column_name FROM (DESCRIBE ${STAGE_TABLE})`,
    params: [],
  });
  return rows.map((r) => String(r.column_name));
}

const whole = {
  range: { kind: 'absolute' as const, from: T0, to: T0 + 6 * 3_600_000 },
  conditions: [],
};

test('staged records are answered at once, and the same after they move to the file', async () => {
  const { store } = temp;
  await writeObjects(store, [0, 1]);
  await writeObjects(store, [2, 3, 4]);
  expect(store.staged).toBe(true);
  expect(await count(store, 'records')).toBe(0);
  expect(await count(store, store.recordsRelation)).toBe(200);
  // The rollups do not count staged records, so the engine does not use them yet.
  expect(await rollupsCoverRecords(store.writer, store.recordsRelation)).toBe(false);
  const engine = new DuckDbQueryEngine(store);
  const ask = () =>
    Promise.all([
      engine.querySummary(whole),
      engine.queryHistogram(whole),
      engine.queryTopN('ip', whole, 10),
      engine.queryTopN('status', whole, 10),
    ]);
  const staged = await ask();
  expect(staged[0].requests).toBe(200);
  expect(staged[3].find((e) => e.value === '503')?.count).toBe(50);

  await store.settled();
  expect(store.staged).toBe(false);
  expect(await count(store, 'records')).toBe(200);
  expect(await count(store, STAGE_TABLE)).toBe(0);
  expect(await rollupsCoverRecords(store.writer)).toBe(true);
  const flags = await runRows(store.writer, {
    sql: 'SELECT count(*) FILTER (WHERE staged) AS n FROM objects',
    params: [],
  });
  expect(toNumber(flags[0].n)).toBe(0);
  engine.cache.clear();
  // The same engine now answers whole slots from the rollups (it asks whether they cover the
  // records again), with the same results.
  const sql: string[] = [];
  const queryRows = store.queryRows.bind(store);
  store.queryRows = (query, signal) => (sql.push(query.sql), queryRows(query, signal));
  expect(await ask()).toEqual(staged);
  expect(sql.some((text) => text.includes('rollup_cells'))).toBe(true);
});

test('while records are being persisted each is counted once, and an uncommitted batch not at all', async () => {
  const { store } = temp;
  await writeObjects(store, [0, 1]);
  // The state between persisting's commit and emptying the stage: rows in both tables.
  await store.writer.run('BEGIN TRANSACTION');
  await store.writer.run(`INSERT INTO records SELECT * FROM ${STAGED_VIEW}`);
  await store.writer.run('UPDATE stage_marks SET persisted = visible');
  await store.writer.run('COMMIT');
  expect(await count(store, STAGE_TABLE)).toBe(80);
  expect(await count(store, store.recordsRelation)).toBe(80);
  // Rows of a batch whose transaction has not committed (its number is past `visible`).
  await store.writer.run(
    `INSERT INTO ${STAGE_TABLE} SELECT * REPLACE (batch + 1 AS batch) FROM ${STAGE_TABLE}`,
  );
  expect(await count(store, store.recordsRelation)).toBe(80);
});

test('staging off: batches go straight to the file', async () => {
  const dir = path.join(temp.dir, 'off');
  const store = await Store.open({ file: path.join(dir, 'logs.duckdb'), tempDir: dir, stageMb: 0 });
  try {
    await writeObjects(store, [0, 1]);
    expect(store.staged).toBe(false);
    expect(await count(store, 'records')).toBe(80);
    expect(await rollupsCoverRecords(store.writer)).toBe(true);
  } finally {
    store.close();
  }
});

test('a load that outgrows the stage moves what it staged to the file and writes the rest there', async () => {
  const dir = path.join(temp.dir, 'small');
  // A staged batch takes at least about 1.3 MB (DuckDB allocates whole vectors): 1.35 MB has room
  // for the first batch of 400 records (100 kB of TSV), not for a second.
  const store = await Store.open({
    file: path.join(dir, 'logs.duckdb'),
    tempDir: dir,
    stageMb: 1.35,
  });
  try {
    await store.whileLoading(async () => {
      await writeObjects(store, [0], 400);
      expect(await stagedBytes(store.writer)).toBeGreaterThan(1.35 * 2 ** 20 - 200_000);
      expect(store.staged).toBe(true);
      await writeObjects(store, [1], 400);
      expect(store.staged).toBe(false);
      expect(store.stageOpen).toBe(false);
      await writeObjects(store, [2], 10);
      expect(store.staged).toBe(false);
    });
    expect(await count(store, 'records')).toBe(810);
    expect(await rollupsCoverRecords(store.writer)).toBe(true);
    // The next load may stage again.
    await store.whileLoading(async () => expect(store.stageOpen).toBe(true));
  } finally {
    store.close();
  }
});

test('records still staged when the process stopped are forgotten at open, to be loaded again', async () => {
  const file = path.join(temp.dir, 'crash.duckdb');
  const options = { file, tempDir: path.join(temp.dir, 'crash-tmp') };
  let store = await Store.open(options);
  await writeObjects(store, [0]);
  await store.settled();
  await writeObjects(store, [1, 2]);
  await store.writer.run(`INSERT INTO listings VALUES ('s', ${T0}, 0), ('other', ${T0}, 0)`);
  store.close();
  // A parse worker's rows of a load that never finished (another process wrote them).
  const leftover = path.join(options.tempDir, 'batch-0d1e-object-7.records.tsv');
  await writeFile(leftover, 'rows\n');

  store = await Store.open(options);
  try {
    expect(existsSync(leftover)).toBe(false);
    const keys = await runRows(store.writer, {
      sql: 'SELECT key FROM objects ORDER BY key',
      params: [],
    });
    expect(keys.map((r) => r.key)).toEqual(['k1']);
    expect(await count(store, 'records')).toBe(40);
    // The hour must be listed again so that the forgotten objects load.
    const listed = await runRows(store.writer, { sql: 'SELECT source FROM listings', params: [] });
    expect(listed.map((r) => r.source)).toEqual(['other']);
    expect(await rollupsCoverRecords(store.writer)).toBe(true);
  } finally {
    store.close();
  }
});

test('a load estimated larger than the stage is written straight to the file', async () => {
  const { store } = temp;
  await store.whileLoading(
    async () => {
      expect(store.stageOpen).toBe(false);
      await writeObjects(store, [0]);
      expect(store.staged).toBe(false);
    },
    10 * 2 ** 30,
  );
  expect(await count(store, 'records')).toBe(40);
  await store.whileLoading(async () => expect(store.stageOpen).toBe(true), 1000);
});

test('queries running while staged records move to the file count each record once', async () => {
  const { store } = temp;
  await writeObjects(store, [0, 1, 2, 3], 500);
  const seen: number[] = [];
  let moving = true;
  const reader = (async () => {
    while (moving) {
      const rows = await store.queryRows({
        sql: `SELECT count(*) AS n FROM ${store.recordsRelation}`,
        params: [],
      });
      seen.push(toNumber(rows[0].n));
    }
  })();
  await store.settled();
  moving = false;
  await reader;
  expect(store.staged).toBe(false);
  expect(seen.length).toBeGreaterThan(0);
  expect(new Set(seen)).toEqual(new Set([2000]));
});

test('a stage of one format takes rows of a wider one, and every value reads the same before and after persisting', async () => {
  const { store } = temp;
  // Ending in a letter: CLF records are glued, and an id ending in digits would run into the IP.
  const uuid = (i: number) => `0f0e0d0c-0000-4000-8000-${String(i).padStart(11, '0')}a`;
  const clfRequests = Array.from({ length: 30 }, (_, i) => ({
    id: uuid(i),
    time: T0 + i * 60_000,
    ip: `10.1.0.${i}`,
    status: i % 3 === 0 ? 502 : 200,
  }));
  const json = presetTemplate('custom-json');
  const jsonRequests = Array.from({ length: 20 }, (_, i) => ({
    id: `json-${i}`,
    time: T0 + i * 90_000,
    ip: `10.2.0.${i}`,
    latency: 10 + i,
  }));
  const engine = new DuckDbQueryEngine(store);
  const answers = async () => {
    engine.cache.clear();
    const inBlock = {
      ...whole,
      conditions: [{ field: 'ip' as const, values: ['10.1.0.0/16'], exclude: false }],
    };
    const found = await engine.getRecordByRequestId(uuid(7));
    return {
      count: await engine.queryCount(whole),
      cidr: await engine.queryCount(inBlock),
      agents: await engine.queryTopN('userAgent', whole, 5),
      statuses: await engine.queryTopN('status', whole, 5),
      found: [found?.requestId, found?.ip, found?.status, found?.userAgent],
    };
  };
  await store.whileLoading(async () => {
    await writeTexts(store, CLF, [renderRecords(CLF, clfRequests)], T0);
    expect(await count(store, 'records')).toBe(0);
    const clfColumns = await stageColumns(store);
    expect(clfColumns).not.toContain('user_agent');
    // Rows with user agents and latencies, which the CLF stage has no columns for: it gets them,
    // and the CLF rows stay staged (with no values there).
    await writeTexts(store, json, [renderRecords(json, jsonRequests)], T0);
    expect(await count(store, 'records')).toBe(0);
    expect(await count(store, STAGE_TABLE)).toBe(50);
    expect(await stageColumns(store)).toEqual(
      expect.arrayContaining([...clfColumns, 'user_agent']),
    );
  });
  const staged = await answers();
  expect(staged.count).toBe(50);
  expect(staged.cidr).toBe(30);
  expect(staged.agents.map((a) => [a.value, a.count])).toEqual([['curl/8.0', 20]]);
  expect(staged.found).toEqual([uuid(7), '10.1.0.7', 200, null]);
  await store.settled();
  expect(await count(store, 'records')).toBe(50);
  expect(await answers()).toEqual(staged);
});
