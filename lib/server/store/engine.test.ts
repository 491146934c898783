import 'server-only';
import { BlockList, isIPv6 } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { renderTemplate, tokenizeTemplate } from '@/lib/formats/template-tokens';
import { buildFirehoseObjects, type FormatChange } from '@/lib/generator/firehose-objects';
import { generateRequests, type ContextValues } from '@/lib/generator/traffic';
import { createS3Sink, writeObjects } from '@/lib/generator/write-objects';
import type { FilterCondition, LogFilter } from '@/lib/query/filter';
import { exactPercentiles } from '@/lib/query/latency-buckets';
import { openS3Source } from '@/lib/server/sources';
import { syncSource } from '@/lib/server/sync/sync-range';
import {
  openTempStore,
  presetTemplate,
  syncOptions,
  type TempStore,
} from '@/lib/server/sync/test-fixtures';
import { startTestS3, type TestS3 } from '@/lib/testing/s3rver';
import { runRows } from './database';
import { DuckDbQueryEngine } from './engine';
import { rebuildRollups } from './rollups';

/**
 * Filter semantics end to end: generated traffic -> Firehose objects in s3rver -> sync -> queries,
 * with every count checked against a plain-JS computation over the generator's own values.
 */
const START = Date.UTC(2024, 4, 1, 0);
const END = START + 6 * 3_600_000;
const SWITCH = START + 3 * 3_600_000;
const FORMATS: FormatChange[] = [
  { template: presetTemplate('custom-json'), effectiveFrom: null },
  { template: presetTemplate('custom-clf'), effectiveFrom: SWITCH },
];

let s3: TestS3;
let temp: TempStore;
let engine: DuckDbQueryEngine;
let requests: ContextValues[];

beforeAll(async () => {
  s3 = await startTestS3({ buckets: ['generated'] });
  const generated = [
    ...generateRequests({ seed: 11, start: START, end: END, count: 6000, hostileFraction: 0.03 }),
  ];
  const objects = [
    ...buildFirehoseObjects(generated, {
      stream: 'orders',
      formats: FORMATS,
      seed: 11,
      duplicateFraction: 0.02,
      bufferIntervalMs: 120_000,
    }),
  ];
  await writeObjects(objects, createS3Sink(s3.client, 'generated'));
  // Firehose redelivers some requests: the store keeps each requestId once.
  const byId = new Map(generated.map((v) => [v['$context.requestId'], v]));
  requests = [...byId.values()];
  temp = await openTempStore();
  const source = openS3Source({
    kind: 's3',
    id: 'orders',
    bucket: 'generated',
    prefixTemplate: '',
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
  });
  const options = syncOptions({ now: END + 3_600_000 });
  await syncSource(temp.store, source, FORMATS, { from: START, to: END }, options);
  expect(options.progress.issues).toEqual([]);
  expect(options.progress.duplicates).toBeGreaterThan(0);
  // The loader keeps the rollups as it writes; built here from the records in case it does not,
  // so the aggregates below take the rollup path wherever it applies.
  await temp.store.write(rebuildRollups);
  engine = new DuckDbQueryEngine(temp.store);
}, 60_000);

afterAll(async () => {
  await temp?.close();
  await s3?.stop();
});

const all: LogFilter = { range: { kind: 'absolute', from: START, to: END }, conditions: [] };
const withConditions = (...conditions: FilterCondition[]): LogFilter => ({ ...all, conditions });

const text = (v: ContextValues, name: string): string | null => {
  const value = v[name];
  return value === null || value === undefined || value === '' ? null : value;
};
const num = (v: ContextValues, name: string): number | null => {
  const value = text(v, name);
  return value === null ? null : Number(value);
};
const formatAt = (time: number) => (time >= SWITCH ? FORMATS[1] : FORMATS[0]);
const rawOf = (v: ContextValues) =>
  renderTemplate(tokenizeTemplate(formatAt(num(v, '$context.requestTimeEpoch') ?? 0).template), v);

function inCidr(ip: string | null, cidr: string): boolean {
  if (ip === null) return false;
  const [address, bits] = cidr.split('/');
  const family = isIPv6(address) ? 'ipv6' : 'ipv4';
  if (family !== (isIPv6(ip) ? 'ipv6' : 'ipv4')) return false;
  const list = new BlockList();
  list.addSubnet(address, Number(bits), family);
  return list.check(ip, family);
}

function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** The independent reading of one condition, without exclusion. */
function matches(v: ContextValues, c: FilterCondition): boolean {
  const ip = text(v, '$context.identity.sourceIp');
  const status = num(v, '$context.status');
  switch (c.field) {
    case 'source':
      return c.values.includes('orders');
    case 'ip':
      return c.values.some((value) => (value.includes('/') ? inCidr(ip, value) : ip === value));
    case 'method':
      return c.values.includes(text(v, '$context.httpMethod') ?? '');
    case 'route': {
      const route = text(v, '$context.resourcePath');
      return (
        route !== null && (c.match === 'exact' ? route === c.value : route.startsWith(c.value))
      );
    }
    case 'path': {
      const path = text(v, '$context.path');
      if (path === null) return false;
      if (c.match === 'exact') return path === c.value;
      if (c.match === 'prefix') return path.startsWith(c.value);
      if (c.match === 'contains') return path.includes(c.value);
      return globToRegExp(c.value).test(path);
    }
    case 'status':
      return (
        status !== null &&
        c.values.some((s) =>
          s.endsWith('xx') ? Math.floor(status / 100) === Number(s[0]) : status === Number(s),
        )
      );
    case 'latency': {
      const latency = num(v, '$context.responseLatency');
      return (
        latency !== null &&
        (c.min === null || latency >= c.min) &&
        (c.max === null || latency <= c.max)
      );
    }
    case 'userAgent':
      return (text(v, '$context.identity.userAgent') ?? '')
        .toLowerCase()
        .includes(c.value.toLowerCase());
    case 'requestId':
      return (
        c.values.includes(v['$context.requestId'] ?? '') ||
        c.values.includes(v['$context.extendedRequestId'] ?? '')
      );
    case 'text':
      return rawOf(v).toLowerCase().includes(c.value.toLowerCase());
  }
}

function expected(filter: LogFilter): ContextValues[] {
  if (filter.range.kind !== 'absolute') throw new Error('absolute ranges only');
  const { from, to } = filter.range;
  return requests.filter((v) => {
    const time = num(v, '$context.requestTimeEpoch') ?? -1;
    return time >= from && time < to && filter.conditions.every((c) => matches(v, c) !== c.exclude);
  });
}

function mostCommon(values: (string | null)[]): string {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

test('every record arrives once', async () => {
  expect(await engine.queryCount(all)).toBe(requests.length);
});

test('each filter, included and excluded, counts what plain JS counts', async () => {
  const ips = requests.map((v) => text(v, '$context.identity.sourceIp'));
  const v4 = ips.find((ip) => ip !== null && !ip.includes(':')) ?? '';
  const v6 = ips.find((ip) => ip !== null && ip.includes(':')) ?? '';
  const v6Block = `${v6.split(':').slice(0, 2).join(':')}::/32`;
  const path = mostCommon(requests.map((v) => text(v, '$context.path')));
  const route = mostCommon(requests.map((v) => text(v, '$context.resourcePath')));
  const ids = requests.slice(10, 13).map((v) => v['$context.requestId'] ?? '');
  const conditions: FilterCondition[] = [
    { field: 'source', values: ['orders'], exclude: false },
    { field: 'ip', values: [mostCommon(ips)], exclude: false },
    { field: 'ip', values: [`${v4.split('.').slice(0, 2).join('.')}.0.0/16`], exclude: false },
    { field: 'ip', values: [v6Block, '10.0.0.0/8'], exclude: false },
    { field: 'method', values: ['POST', 'DELETE'], exclude: false },
    { field: 'route', match: 'exact', value: route, exclude: false },
    { field: 'route', match: 'prefix', value: '/users', exclude: false },
    { field: 'path', match: 'exact', value: path, exclude: false },
    { field: 'path', match: 'prefix', value: '/prod/users/', exclude: false },
    { field: 'path', match: 'contains', value: 'orders', exclude: false },
    { field: 'path', match: 'contains', value: '%', exclude: false },
    { field: 'path', match: 'glob', value: '/prod/users/*/orders*', exclude: false },
    { field: 'path', match: 'glob', value: '/prod/pets/?', exclude: false },
    { field: 'status', values: ['404'], exclude: false },
    { field: 'status', values: ['5xx'], exclude: false },
    { field: 'status', values: ['2xx', '304'], exclude: false },
    { field: 'latency', min: 100, max: null, exclude: false },
    { field: 'latency', min: null, max: 40, exclude: false },
    { field: 'latency', min: 20, max: 200, exclude: false },
    { field: 'userAgent', value: 'MOZILLA', exclude: false },
    { field: 'userAgent', value: '<script>', exclude: false },
    {
      field: 'requestId',
      values: [...ids, requests[20]['$context.extendedRequestId'] ?? ''],
      exclude: false,
    },
    // Stored as a UUID, an id still matches only as written (an uppercase copy is another id).
    { field: 'requestId', values: [ids[0].toUpperCase(), ids[1], 'not-an-id'], exclude: false },
    { field: 'text', value: 'Alice', exclude: false },
    { field: 'text', value: 'HTTP/2.0', exclude: false },
  ];
  for (const condition of conditions) {
    for (const exclude of [false, true]) {
      const filter = withConditions({ ...condition, exclude });
      const want = expected(filter).length;
      if (!exclude && condition.field !== 'source') {
        expect(want, JSON.stringify(condition)).toBeGreaterThan(0);
        expect(want, JSON.stringify(condition)).toBeLessThan(requests.length);
      }
      expect(await engine.queryCount(filter), JSON.stringify(filter.conditions)).toBe(want);
    }
  }
});

test('conditions combine with AND, values within one condition with OR', async () => {
  const filter = withConditions(
    { field: 'method', values: ['GET'], exclude: false },
    { field: 'status', values: ['2xx', '4xx'], exclude: false },
    { field: 'path', match: 'prefix', value: '/prod/pets', exclude: true },
    { field: 'latency', min: 10, max: null, exclude: false },
  );
  const want = expected(filter).length;
  expect(want).toBeGreaterThan(0);
  expect(await engine.queryCount(filter)).toBe(want);
});

test('a time window counts only its records', async () => {
  const filter: LogFilter = {
    range: { kind: 'absolute', from: START + 3_600_000, to: START + 2 * 3_600_000 },
    conditions: [],
  };
  expect(await engine.queryCount(filter)).toBe(expected(filter).length);
});

test('hostile filter values are data, never SQL or LIKE patterns', async () => {
  const hostile = [
    "'; DROP TABLE records; --",
    "' OR '1'='1",
    '%',
    '_',
    '%%',
    '\\',
    '"',
    "');DELETE FROM objects;--",
    '*/',
    '\u0000',
  ];
  const total = requests.length;
  for (const value of hostile) {
    const conditions: FilterCondition[] = [
      { field: 'path', match: 'contains', value, exclude: false },
      { field: 'path', match: 'exact', value, exclude: false },
      { field: 'route', match: 'prefix', value, exclude: false },
      { field: 'userAgent', value, exclude: false },
      { field: 'text', value, exclude: false },
      { field: 'requestId', values: [value.replaceAll(',', '')], exclude: false },
      { field: 'source', values: [value.replaceAll(',', '')], exclude: false },
    ];
    for (const condition of conditions) {
      const filter = withConditions(condition);
      expect(await engine.queryCount(filter), `${condition.field}: ${value}`).toBe(
        expected(filter).length,
      );
    }
  }
  // Underscore and percent in a glob are literal characters, not LIKE wildcards.
  for (const glob of ['/prod/_ets/*', '/prod/%', '/prod/pets/1_', '%']) {
    const filter = withConditions({ field: 'path', match: 'glob', value: glob, exclude: false });
    expect(expected(filter)).toHaveLength(0);
    expect(await engine.queryCount(filter)).toBe(0);
  }
  expect(await engine.queryCount(all)).toBe(total);
  const tables = await runRows(temp.store.writer, {
    sql: 'SELECT count(*) AS n FROM objects',
    params: [],
  });
  expect(Number(tables[0].n)).toBeGreaterThan(0);
});

test('rows: sorted, paged without overlap, with object key and raw text', async () => {
  const filter = withConditions({ field: 'status', values: ['2xx'], exclude: false });
  const sort = { column: 'latencyMs', direction: 'desc' } as const;
  const page1 = await engine.queryRows(filter, sort, { index: 0, size: 25 });
  const page2 = await engine.queryRows(filter, sort, { index: 1, size: 25 });
  const latencies = expected(filter)
    .map((v) => num(v, '$context.responseLatency') ?? -1)
    .sort((a, b) => b - a);
  expect(page1.map((r) => r.latencyMs)).toEqual(latencies.slice(0, 25));
  expect(page2.map((r) => r.latencyMs)).toEqual(latencies.slice(25, 50));
  const seen = new Set([...page1, ...page2].map((r) => r.requestId));
  expect(seen.size).toBe(50);
  for (const row of page1) {
    expect(row.objectKey).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\d{2}\/amazon-apigateway-orders-/);
    expect(row.raw).toContain(row.requestId ?? 'missing');
    expect(row.status).toBeGreaterThanOrEqual(200);
  }
  const byTime = await engine.queryRows(
    all,
    { column: 'time', direction: 'asc' },
    { index: 0, size: 5 },
  );
  const times = requests.map((v) => num(v, '$context.requestTimeEpoch') ?? 0).sort((a, b) => a - b);
  expect(byTime.map((r) => r.time)).toEqual(times.slice(0, 5));
});

test('histogram, latency series and summary agree with the data', async () => {
  const filter = withConditions({ field: 'method', values: ['GET'], exclude: false });
  const rows = expected(filter);
  const histogram = await engine.queryHistogram(filter);
  expect(histogram.bucketMs).toBe(5 * 60_000);
  expect(histogram.buckets).toHaveLength(72);
  const totals = histogram.buckets.reduce(
    (acc, b) => ({ total: acc.total + b.total, s5xx: acc.s5xx + b.s5xx, s4xx: acc.s4xx + b.s4xx }),
    { total: 0, s5xx: 0, s4xx: 0 },
  );
  const classOf = (v: ContextValues) => Math.floor((num(v, '$context.status') ?? 0) / 100);
  expect(totals).toEqual({
    total: rows.length,
    s5xx: rows.filter((v) => classOf(v) === 5).length,
    s4xx: rows.filter((v) => classOf(v) === 4).length,
  });

  const summary = await engine.querySummary(filter);
  const latencies = rows
    .map((v) => num(v, '$context.responseLatency'))
    .filter((x): x is number => x !== null);
  const exact = exactPercentiles(latencies);
  expect(summary.requests).toBe(rows.length);
  expect(summary.serverErrors).toBe(totals.s5xx);
  expect(summary.errorRate).toBeCloseTo(totals.s5xx / rows.length, 10);
  expect(summary.latencyCount).toBe(latencies.length);
  expect(summary.bytes).toBe(
    rows.reduce((sum, v) => sum + (num(v, '$context.responseLength') ?? 0), 0),
  );
  expect(summary.rejects).toBe(0);
  for (const key of ['p50', 'p95', 'p99'] as const) {
    const want = exact[key] ?? 0;
    expect(Math.abs((summary[key] ?? 0) - want)).toBeLessThanOrEqual(Math.max(0, want * 0.01));
  }

  const series = await engine.queryLatencySeries(filter);
  expect(series.hasLatency).toBe(true);
  expect(series.hasOverhead).toBe(true);
  expect(series.points.reduce((sum, p) => sum + p.count, 0)).toBe(latencies.length);
  expect(
    series.points.every(
      (p) =>
        p.count === 0 || (p.p50 !== null && p.p50 <= (p.p95 ?? 0) && (p.p95 ?? 0) <= (p.p99 ?? 0)),
    ),
  ).toBe(true);
});

test('top-N values with counts, error counts and percentiles', async () => {
  const routes = await engine.queryTopN('route', all, 5);
  const counts = new Map<string, ContextValues[]>();
  for (const v of requests) {
    const route = text(v, '$context.resourcePath');
    if (route !== null) counts.set(route, [...(counts.get(route) ?? []), v]);
  }
  const want = [...counts.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, 5);
  expect(routes.map((r) => [r.value, r.count])).toEqual(
    want.map(([route, list]) => [route, list.length]),
  );
  const [topRoute, topRows] = want[0];
  const top = routes[0];
  expect(top.value).toBe(topRoute);
  expect(top.serverErrors).toBe(
    topRows.filter((v) => (num(v, '$context.status') ?? 0) >= 500).length,
  );
  const p95 =
    exactPercentiles(topRows.map((v) => num(v, '$context.responseLatency') ?? 0)).p95 ?? 0;
  expect(Math.abs((top.p95 ?? 0) - p95)).toBeLessThanOrEqual(p95 * 0.01);

  const ips = await engine.queryTopN('ip', all, 3);
  const ipCounts = new Map<string, number>();
  for (const v of requests) {
    const ip = text(v, '$context.identity.sourceIp') ?? '';
    ipCounts.set(ip, (ipCounts.get(ip) ?? 0) + 1);
  }
  expect(ips.map((e) => e.count)).toEqual([...ipCounts.values()].sort((a, b) => b - a).slice(0, 3));
  for (const entry of ips) expect(ipCounts.get(entry.value)).toBe(entry.count);
  const topIpRows = requests.filter((v) => text(v, '$context.identity.sourceIp') === ips[0].value);
  const statusOf = (v: ContextValues) => num(v, '$context.status') ?? 0;
  expect(ips[0].serverErrors).toBe(topIpRows.filter((v) => statusOf(v) >= 500).length);
  expect(ips[0].clientErrors).toBe(
    topIpRows.filter((v) => statusOf(v) >= 400 && statusOf(v) < 500).length,
  );
  const ipLatencies = topIpRows
    .map((v) => num(v, '$context.responseLatency'))
    .filter((x): x is number => x !== null);
  const ipP95 = exactPercentiles(ipLatencies).p95 ?? 0;
  expect(Math.abs((ips[0].p95 ?? 0) - ipP95)).toBeLessThanOrEqual(ipP95 * 0.01);

  // Ranked without their text, labelled afterwards: under a filter, each label is the value whose
  // records were counted.
  const failing = withConditions({ field: 'status', values: ['4xx', '5xx'], exclude: false });
  const agents = await engine.queryTopN('userAgent', failing, 4);
  const agentCounts = new Map<string, number>();
  for (const v of requests.filter((r) => statusOf(r) >= 400)) {
    const agent = text(v, '$context.identity.userAgent');
    if (agent !== null) agentCounts.set(agent, (agentCounts.get(agent) ?? 0) + 1);
  }
  expect(agents.length).toBe(Math.min(4, agentCounts.size));
  for (const entry of agents) expect(entry.count).toBe(agentCounts.get(entry.value));
  expect(agents.map((e) => e.count)).toEqual(
    [...agentCounts.values()].sort((a, b) => b - a).slice(0, 4),
  );

  // Labels looked up after ranking (what large ranges do) give the same lists.
  const lookup = new DuckDbQueryEngine(temp.store);
  lookup.inlineLabelRecords = 0;
  for (const dimension of ['ip', 'path', 'userAgent'] as const) {
    for (const filter of [all, failing]) {
      expect(await lookup.queryTopN(dimension, filter, 5)).toEqual(
        await engine.queryTopN(dimension, filter, 5),
      );
    }
  }

  const statuses = await engine.queryTopN('status', all, 20);
  expect(statuses.reduce((sum, e) => sum + e.count, 0)).toBe(requests.length);
  expect(statuses.find((e) => e.value === '404')?.clientErrors).toBe(
    statuses.find((e) => e.value === '404')?.count,
  );
});

test('streaming export yields exactly the filtered rows', async () => {
  const filter = withConditions({ field: 'status', values: ['4xx', '5xx'], exclude: false });
  const ids: string[] = [];
  for await (const row of engine.streamRows(filter)) ids.push(row.requestId ?? '');
  expect(ids.sort()).toEqual(
    expected(filter)
      .map((v) => v['$context.requestId'])
      .sort(),
  );
});

test('a record by requestId or extendedRequestId', async () => {
  const v = requests[42];
  const byId = await engine.getRecordByRequestId(v['$context.requestId'] ?? '');
  expect(byId?.path).toBe(v['$context.path']);
  expect(byId?.raw).toBe(rawOf(v).replace(/\n$/, ''));
  const byExtended = await engine.getRecordByRequestId(v['$context.extendedRequestId'] ?? '');
  expect(byExtended?.requestId).toBe(v['$context.requestId']);
  expect(await engine.getRecordByRequestId('no-such-id')).toBeNull();
});

test('identical concurrent panel queries share one execution', async () => {
  engine.cache.clear();
  const before = engine.cache.misses;
  await Promise.all([
    engine.querySummary(all),
    engine.queryHistogram(all),
    engine.queryLatencySeries(all),
  ]);
  // status rows + latency rows + reject count: three executions for three panels.
  expect(engine.cache.misses - before).toBe(3);
});

test('rollups answer long ranges exactly as the records do, edges and filters included', async () => {
  // Over 20 hours (15-minute buckets: whole rollup slots), cut mid-slot where the data is: the
  // data spans 6 hours, so one range starts inside it and one ends inside it.
  const ranges = [
    { kind: 'absolute', from: START + 7 * 60_000 + 1, to: START + 22 * 3_600_000 },
    { kind: 'absolute', from: END - 22 * 3_600_000, to: END - 11 * 60_000 - 1 },
  ] as const;
  const filters: FilterCondition[][] = [
    [],
    [{ field: 'status', values: ['5xx', '404'], exclude: false }],
    [{ field: 'method', values: ['GET'], exclude: true }],
    [{ field: 'route', match: 'prefix', value: '/users', exclude: false }],
    [
      { field: 'source', values: ['orders'], exclude: false },
      { field: 'status', values: ['2xx'], exclude: true },
    ],
  ];
  const answers = (filter: LogFilter) =>
    Promise.all([
      engine.querySummary(filter),
      engine.queryHistogram(filter),
      engine.queryLatencySeries(filter),
      engine.queryTopN('route', filter, 5),
      engine.queryTopN('status', filter, 20),
      engine.queryTopN('method', filter, 5),
      engine.queryCount(filter),
    ]);
  const store = temp.store;
  const queryRows = store.queryRows.bind(store);
  const seen: string[] = [];
  store.queryRows = (query, signal) => {
    seen.push(query.sql);
    return queryRows(query, signal);
  };
  try {
    for (const [range, conditions] of ranges.flatMap((r) => filters.map((f) => [r, f] as const))) {
      const filter: LogFilter = { range, conditions };
      engine.cache.clear();
      seen.length = 0;
      const withRollups = await answers(filter);
      // Status rows (summary, histogram, count), latency rows, three top-N.
      expect(seen.filter((sql) => sql.includes('rollup_cells'))).toHaveLength(5);
      expect(withRollups[6]).toBe(expected(filter).length);
      engine.useRollups = false;
      engine.cache.clear();
      seen.length = 0;
      const fromRecords = await answers(filter);
      expect(seen.some((sql) => sql.includes('rollup_'))).toBe(false);
      engine.useRollups = true;
      expect(withRollups, JSON.stringify(conditions)).toEqual(fromRecords);
    }
  } finally {
    engine.useRollups = true;
    store.queryRows = queryRows;
  }
});

test('aggregates the rollups cannot answer read the records', async () => {
  const wide: LogFilter = {
    range: { kind: 'absolute', from: START - 12 * 3_600_000, to: END },
    conditions: [{ field: 'latency', min: 50, max: null, exclude: false }],
  };
  expect(await engine.queryCount(wide)).toBe(expected(wide).length);
  const summary = await engine.querySummary(wide);
  expect(summary.requests).toBe(expected(wide).length);
});

test('a text filter is tested once per page; its matches answer every panel as the records do', async () => {
  const page = (e: DuckDbQueryEngine, filter: LogFilter) =>
    Promise.all([
      e.querySummary(filter),
      e.queryHistogram(filter),
      e.queryLatencySeries(filter),
      e.queryTopN('route', filter, 5),
      e.queryTopN('path', filter, 5),
      e.queryTopN('ip', filter, 5),
      e.queryTopN('userAgent', filter, 5),
      e.queryTopN('status', filter, 20),
      e.queryCount(filter),
      e.queryRows(filter, { column: 'latencyMs', direction: 'desc' }, { index: 1, size: 7 }),
      // A sort column a narrow copy lacks: the rows come from the records joined to it.
      e.queryRows(filter, { column: 'path', direction: 'asc' }, { index: 0, size: 5 }),
    ]);
  const filters = [
    withConditions({ field: 'text', value: 'orders', exclude: false }),
    withConditions(
      { field: 'path', match: 'glob', value: '/prod/users/*', exclude: false },
      { field: 'status', values: ['2xx'], exclude: true },
    ),
    withConditions({ field: 'userAgent', value: 'mozilla', exclude: true }),
  ];
  // A table of the matching records; more matches than it may hold, a narrow copy of the
  // aggregates' columns (the page of rows joins the records to it); more still, a table of
  // their keys.
  const narrow = new DuckDbQueryEngine(temp.store);
  Object.assign(narrow.matched, { maxRows: 10 });
  const small = new DuckDbQueryEngine(temp.store);
  Object.assign(small.matched, { maxRows: 10, maxNarrowRows: 10 });
  // ...and top lists labelled by a lookup after ranking, not along with it.
  small.inlineLabelRecords = 0;
  for (const e of [engine, narrow, small]) {
    for (const filter of filters) {
      e.cache.clear();
      const created = e.matched.created;
      const fromMatches = await page(e, filter);
      expect(e.matched.created - created).toBe(1);
      expect(fromMatches[8]).toBe(expected(filter).length);
      if (e !== engine) expect(fromMatches[8]).toBeGreaterThan(10);
      e.cache.clear();
      e.matched.enabled = false;
      try {
        expect(fromMatches).toEqual(await page(e, filter));
      } finally {
        e.matched.enabled = true;
      }
    }
  }
  // A copy that cannot be made (out of memory, say): the records answer.
  const failing = new DuckDbQueryEngine(temp.store);
  Object.assign(failing.matched, { fill: () => Promise.reject(new Error('out of memory')) });
  expect(await page(failing, filters[0])).toEqual(await page(engine, filters[0]));
});
