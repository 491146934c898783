import 'server-only';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createFormatHistoryStore,
  selectFormatVersion,
  sortFormatChanges,
  type FormatHistoryStore,
  type StageKey,
} from './format-history';

const PETS_PROD: StageKey = {
  region: 'us-east-1',
  apiKind: 'rest',
  apiId: 'pets4x7k2p',
  stageName: 'prod',
};
const ORDERS_PROD: StageKey = { ...PETS_PROD, apiId: 'ordr9m3q1z' };
const CLF = '$context.identity.sourceIp [$context.requestTime] $context.status $context.requestId';
const JSON_V1 = '{"requestId":"$context.requestId","status":"$context.status"}\n';
const JSON_V2 =
  '{"requestId":"$context.requestId","status":"$context.status","latency":"$context.responseLatency"}\n';

let dir: string;
let file: string;
let store: FormatHistoryStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'format-history-'));
  file = path.join(dir, 'nested', 'format-history.json');
  store = createFormatHistoryStore(file);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('a source without a file has an empty history and no stage', () => {
  expect(store.readFormatHistory('default')).toEqual([]);
  expect(store.findStageForSource('default')).toBeNull();
  expect(store.findSourceForStage(PETS_PROD)).toBeNull();
});

test('appends changes and reads them back oldest first, the first one from the beginning', () => {
  store.appendFormatChange('default', {
    template: JSON_V1,
    effectiveFrom: 2_000,
    changedBy: 'alice',
    stage: PETS_PROD,
    previousTemplate: CLF,
  });
  store.appendFormatChange('default', {
    template: JSON_V2,
    effectiveFrom: 5_000,
    changedBy: 'bob',
    stage: PETS_PROD,
  });
  expect(store.readFormatHistory('default')).toEqual([
    { template: CLF, effectiveFrom: null, name: 'in force before the first recorded change' },
    { template: JSON_V1, effectiveFrom: 2_000 },
    { template: JSON_V2, effectiveFrom: 5_000 },
  ]);
  const changes = store.readFormatChanges('default');
  expect(changes.map((c) => c.changedBy)).toEqual(['alice', 'alice', 'bob']);
  expect(changes[2].stage).toEqual(PETS_PROD);
  // A second store on the same file (a restarted server) sees the same history.
  expect(createFormatHistoryStore(file).readFormatHistory('default')).toHaveLength(3);
});

test('sources keep separate histories', () => {
  store.appendFormatChange('default', {
    template: CLF,
    effectiveFrom: null,
    changedBy: 'a',
    stage: null,
  });
  store.appendFormatChange('orders', {
    template: JSON_V1,
    effectiveFrom: null,
    changedBy: 'a',
    stage: null,
  });
  expect(store.readFormatHistory('default').map((v) => v.template)).toEqual([CLF]);
  expect(store.readFormatHistory('orders').map((v) => v.template)).toEqual([JSON_V1]);
});

test('re-saving the format in force records nothing new', () => {
  const first = store.appendFormatChange('default', {
    template: JSON_V1,
    effectiveFrom: 1_000,
    changedBy: 'alice',
    stage: PETS_PROD,
  });
  const again = store.appendFormatChange('default', {
    template: JSON_V1,
    effectiveFrom: 9_000,
    changedBy: 'bob',
    stage: PETS_PROD,
  });
  expect(again.id).toBe(first.id);
  expect(store.readFormatHistory('default')).toEqual([{ template: JSON_V1, effectiveFrom: 1_000 }]);
});

test('a later change must say when it took effect', () => {
  store.appendFormatChange('default', {
    template: CLF,
    effectiveFrom: null,
    changedBy: 'a',
    stage: null,
  });
  expect(() =>
    store.appendFormatChange('default', {
      template: JSON_V1,
      effectiveFrom: null,
      changedBy: 'a',
      stage: null,
    }),
  ).toThrow(/needs the time it took effect/);
  expect(store.readFormatHistory('default')).toHaveLength(1);
});

test('orders by effective time even when appended out of order', () => {
  store.appendFormatChange('default', {
    template: JSON_V2,
    effectiveFrom: 5_000,
    changedBy: 'a',
    stage: null,
  });
  store.appendFormatChange('default', {
    template: JSON_V1,
    effectiveFrom: 2_000,
    changedBy: 'a',
    stage: null,
  });
  expect(store.readFormatHistory('default').map((v) => v.effectiveFrom)).toEqual([2_000, 5_000]);
});

test('removing an entry takes back exactly that change', () => {
  store.appendFormatChange('default', {
    template: CLF,
    effectiveFrom: null,
    changedBy: 'a',
    stage: null,
  });
  const pending = store.appendFormatChange('default', {
    template: JSON_V1,
    effectiveFrom: 3_000,
    changedBy: 'a',
    stage: PETS_PROD,
  });
  expect(store.removeFormatChange('default', pending.id)).toBe(true);
  expect(store.removeFormatChange('default', pending.id)).toBe(false);
  expect(store.readFormatHistory('default').map((v) => v.template)).toEqual([CLF]);
});

test('writes atomically: no temporary files left, and the file is always complete JSON', () => {
  for (let i = 0; i < 20; i += 1) {
    store.appendFormatChange('default', {
      template: `$context.requestId ${i}`,
      effectiveFrom: i === 0 ? null : i * 1_000,
      changedBy: 'a',
      stage: null,
    });
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
  }
  expect(readdirSync(path.dirname(file))).toEqual(['format-history.json']);
  expect(store.readFormatHistory('default')).toHaveLength(20);
});

test('a damaged file is reported, never silently replaced', () => {
  writeFileSync(file.replace('nested/', ''), '{"version":1,"sources":');
  const broken = createFormatHistoryStore(file.replace('nested/', ''));
  expect(() => broken.readFormatHistory('default')).toThrow(/not valid JSON/);
  expect(() =>
    broken.appendFormatChange('default', {
      template: CLF,
      effectiveFrom: null,
      changedBy: 'a',
      stage: null,
    }),
  ).toThrow(/not valid JSON/);
  expect(readFileSync(file.replace('nested/', ''), 'utf8')).toBe('{"version":1,"sources":');

  writeFileSync(file.replace('nested/', ''), '{"version":2}');
  expect(() => broken.readFormatHistory('default')).toThrow(/not a format history file/);
});

test('refuses source ids that are not ids', () => {
  expect(() => store.readFormatHistory('../etc')).toThrow(/not a source id/);
});

test('links a stage to a source without touching its history', () => {
  store.linkStageToSource(PETS_PROD, 'default', { linkedBy: 'alice', now: 42 });
  expect(store.findSourceForStage(PETS_PROD)).toBe('default');
  expect(store.findStageForSource('default')).toEqual(PETS_PROD);
  expect(store.readStageSources()).toEqual([
    { sourceId: 'default', stage: PETS_PROD, linkedBy: 'alice', linkedAt: 42 },
  ]);
  expect(store.readFormatHistory('default')).toEqual([]);
});

test('a source is fed by one stage and a stage feeds one source', () => {
  store.linkStageToSource(PETS_PROD, 'default', { linkedBy: 'a' });
  store.linkStageToSource(ORDERS_PROD, 'default', { linkedBy: 'a' });
  expect(store.findSourceForStage(PETS_PROD)).toBeNull();
  expect(store.findStageForSource('default')).toEqual(ORDERS_PROD);

  store.linkStageToSource(ORDERS_PROD, 'orders', { linkedBy: 'a' });
  expect(store.readStageSources().map((l) => l.sourceId)).toEqual(['orders']);

  store.linkStageToSource(ORDERS_PROD, null, { linkedBy: 'a' });
  expect(store.readStageSources()).toEqual([]);
});

test('selects the version in force at a time', () => {
  const history = [
    { template: 'c', effectiveFrom: 5_000 },
    { template: 'a', effectiveFrom: null },
    { template: 'b', effectiveFrom: 2_000 },
  ];
  expect(sortFormatChanges(history).map((v) => v.template)).toEqual(['a', 'b', 'c']);
  expect(selectFormatVersion(history, 0)?.template).toBe('a');
  expect(selectFormatVersion(history, 1_999)?.template).toBe('a');
  expect(selectFormatVersion(history, 2_000)?.template).toBe('b');
  expect(selectFormatVersion(history, 4_999)?.template).toBe('b');
  expect(selectFormatVersion(history, 5_000)?.template).toBe('c');
  expect(selectFormatVersion(history, Number.MAX_SAFE_INTEGER)?.template).toBe('c');
  // Before the first dated change with no undated version: the oldest known format.
  expect(selectFormatVersion(history.slice(0, 1).concat(history[2]), 100)?.template).toBe('b');
  expect(selectFormatVersion([], 100)).toBeUndefined();
});
