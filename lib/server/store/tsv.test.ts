import 'server-only';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { emptyRecord, type CanonicalRecord } from '@/lib/formats/canonical-record';
import { addParsed, openTempStore, type TempStore } from '@/lib/server/sync/test-fixtures';
import { runRows } from './database';
import { LoadBatch, reserveObjectIds, writeBatch } from './loader';
import { encodeText, NULL_MARKER } from './tsv';

let temp: TempStore;
beforeAll(async () => {
  temp = await openTempStore();
});
afterAll(async () => {
  await temp.close();
});

const ref = { source: 'src', key: 'k.gz', etag: 'e', size: 1, lastModified: 0, keyHour: 0 };

test('only values that need it are quoted', () => {
  expect(encodeText('plain value')).toBe('plain value');
  expect(encodeText(null)).toBe(NULL_MARKER);
  expect(encodeText('')).toBe('\x01\x01');
  expect(encodeText('\\N')).toBe('\x01\\N\x01');
  expect(encodeText('a\tb')).toBe('\x01a\tb\x01');
  expect(encodeText('a\x01b')).toBe('\x01a\x01\x01b\x01');
});

test('every awkward value survives the trip into DuckDB unchanged', async () => {
  const awkward = [
    '',
    '\\N',
    'tab\there',
    'line\nbreak',
    'cr\r\nlf',
    'quote "double" \'single\'',
    'ctrl\x01\x02',
    'back\\slash',
    'ünïcødé 张伟 🙂',
    '-',
    'NULL',
    ' padded ',
    '&amp;<x>',
  ];
  const records: { record: CanonicalRecord; offset: number; length: number; raw: string }[] =
    awkward.map((value, i) => ({
      record: {
        ...emptyRecord(),
        time: 1_700_000_000_000 + i,
        requestId: `id-${i}`,
        userAgent: value,
        path: value,
        status: 200,
        latencyMs: 12.5,
        extra: { '$context.x': value },
      },
      offset: i * 10,
      length: 10,
      raw: `raw ${value} end`,
    }));
  const batch = new LoadBatch(temp.store.options.tempDir);
  const id = await reserveObjectIds(temp.store, 1);
  addParsed(batch, id, {
    ref,
    result: {
      records,
      rejects: [
        { objectKey: 'k.gz', offset: 5, length: 3, raw: 'bad\tspan\n', reason: 'no match' },
      ],
      duplicates: 0,
      format: 'custom',
      template: null,
      bytes: 100,
    },
    error: null,
  });
  await writeBatch(temp.store, batch, []);
  await temp.store.settled();
  const rows = await runRows(temp.store.writer, {
    sql: 'SELECT request_id, user_agent, path, raw, extra, latency_ms, object_offset FROM records ORDER BY time_ms',
    params: [],
  });
  expect(rows.map((r) => r.user_agent)).toEqual(awkward);
  expect(rows.map((r) => r.path)).toEqual(awkward);
  expect(rows.map((r) => r.raw)).toEqual(awkward.map((v) => `raw ${v} end`));
  expect(rows.map((r) => JSON.parse(String(r.extra))['$context.x'])).toEqual(awkward);
  expect(rows.every((r) => r.latency_ms === 12.5)).toBe(true);
  const rejects = await runRows(temp.store.writer, {
    sql: 'SELECT raw, reason FROM rejects',
    params: [],
  });
  expect(rejects).toEqual([{ raw: 'bad\tspan\n', reason: 'no match' }]);
  const manifest = await runRows(temp.store.writer, {
    sql: 'SELECT records, rejects, duplicates, format FROM objects',
    params: [],
  });
  expect(manifest).toEqual([
    { records: awkward.length, rejects: 1, duplicates: 0, format: 'custom' },
  ]);
});

test('impossible numbers become missing values instead of failing the load', async () => {
  const batch = new LoadBatch(temp.store.options.tempDir);
  const id = await reserveObjectIds(temp.store, 1);
  const record = {
    ...emptyRecord(),
    time: 1_600_000_000_000.7,
    requestId: 'numbers',
    status: 99999,
    bytes: Number.NaN,
    latencyMs: Number.POSITIVE_INFINITY,
    ip: '2001:db8::1',
  };
  addParsed(batch, id, {
    ref: { ...ref, key: 'n.gz' },
    result: {
      records: [{ record, offset: 0, length: 1, raw: 'x' }],
      rejects: [],
      duplicates: 0,
      format: 'custom',
      template: null,
      bytes: 1,
    },
    error: null,
  });
  await writeBatch(temp.store, batch, []);
  await temp.store.settled();
  const rows = await runRows(temp.store.writer, {
    sql: "SELECT time_ms, status, bytes, latency_ms, ip_num FROM records WHERE request_id = 'numbers'",
    params: [],
  });
  expect(rows).toEqual([
    {
      time_ms: 1_600_000_000_000n,
      status: null,
      bytes: null,
      latency_ms: null,
      ip_num: (0x20010db8n << 96n) | 1n,
    },
  ]);
});

test('route labels are recorded once per route, across batches, with awkward text intact', async () => {
  const routes = ['/labels/{id}', '/labels/tab\there', "/labels/quote'"];
  const writeRoutes = async (list: string[]) => {
    const batch = new LoadBatch(temp.store.options.tempDir);
    const id = await reserveObjectIds(temp.store, 1);
    addParsed(batch, id, {
      ref: { ...ref, key: `labels-${id}.gz` },
      result: {
        records: list.map((route, i) => ({
          record: { ...emptyRecord(), requestId: `lbl-${id}-${i}`, time: 5_000 + i, route },
          offset: i,
          length: 1,
          raw: route,
        })),
        rejects: [],
        duplicates: 0,
        format: 'custom',
        template: null,
        bytes: list.length,
      },
      error: null,
    });
    await writeBatch(temp.store, batch, []);
    await temp.store.settled();
  };
  await writeRoutes([routes[0], routes[0], routes[1]]);
  await writeRoutes([routes[1], routes[2]]);
  const rows = await runRows(temp.store.writer, {
    sql: `SELECT l.label AS label, count(*) AS copies, bool_and(l.h = hash(l.label)) AS hashed
      FROM route_labels l WHERE starts_with(l.label, '/labels/') GROUP BY l.label ORDER BY l.label`,
    params: [],
  });
  expect(rows).toEqual([...routes].sort().map((label) => ({ label, copies: 1n, hashed: true })));
});
