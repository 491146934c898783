import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { expect, test } from 'vitest';
import { generateRequests, type ContextValues, type TrafficOptions } from './traffic';

const HOUR = 3_600_000;
const start = Date.UTC(2024, 3, 1); // a Monday
const week: TrafficOptions = { seed: 11, start, end: start + 7 * 24 * HOUR, count: 200_000 };
const records = [...generateRequests(week)];

const get = (r: ContextValues, name: string): string | null => r[`$context.${name}`];
const num = (r: ContextValues, name: string): number => Number(get(r, name));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function share(
  predicate: (r: ContextValues) => boolean,
  among: readonly ContextValues[] = records,
): number {
  return among.filter(predicate).length / among.length;
}

function digest(options: TrafficOptions): string {
  const hash = createHash('sha256');
  for (const r of generateRequests(options)) hash.update(JSON.stringify(r));
  return hash.digest('hex');
}

test('exactly count requests, in time order, inside [start, end)', () => {
  expect(records).toHaveLength(200_000);
  let previous = -Infinity;
  for (const r of records) {
    const t = num(r, 'requestTimeEpoch');
    expect(t).toBeGreaterThanOrEqual(previous);
    previous = t;
  }
  expect(num(records[0], 'requestTimeEpoch')).toBeGreaterThanOrEqual(week.start);
  expect(previous).toBeLessThan(week.end);
});

test('deterministic per seed; another seed gives other traffic', () => {
  const small = { ...week, count: 20_000 };
  expect(digest(small)).toBe(digest(small));
  expect(digest({ ...small, seed: 12 })).not.toBe(digest(small));
});

test('values have API Gateway shapes', () => {
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  for (const r of records.slice(0, 5000)) {
    const d = new Date(num(r, 'requestTimeEpoch'));
    const p = (n: number): string => String(n).padStart(2, '0');
    expect(get(r, 'requestTime')).toBe(
      `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`,
    );
    expect(get(r, 'requestId')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(get(r, 'extendedRequestId')).toMatch(/^[A-Za-z0-9+/]{14}[AEIMQUYcgkosw048]=$/);
    expect(get(r, 'path')).toMatch(/^\/prod\//);
    expect(get(r, 'stage')).toBe('prod');
    expect(get(r, 'domainName')).toBe(`${get(r, 'apiId')}.execute-api.us-east-1.amazonaws.com`);
    expect(isIP(get(r, 'identity.sourceIp') ?? '')).not.toBe(0);
  }
  expect(new Set(records.map((r) => get(r, 'requestId'))).size).toBe(records.length);
});

test('a few hot routes carry the traffic, with concrete and URL-encoded paths', () => {
  const byRoute = new Map<string | null, number>();
  for (const r of records)
    byRoute.set(get(r, 'resourcePath'), (byRoute.get(get(r, 'resourcePath')) ?? 0) + 1);
  const counts = [...byRoute.values()].sort((a, b) => b - a);
  expect(counts.slice(0, 3).reduce((a, b) => a + b, 0) / records.length).toBeGreaterThan(0.5);
  expect([...byRoute.keys()]).toEqual(
    expect.arrayContaining(['/pets/{petId}', '/users/{id}/orders', '/{proxy+}', null]),
  );
  expect(records.some((r) => /^\/prod\/pets\/\d+$/.test(get(r, 'path') ?? ''))).toBe(true);
  expect(share((r) => (get(r, 'path') ?? '').includes('%'))).toBeGreaterThan(0.005);
});

test('a few clients dominate (Zipf-like), mostly IPv4 with some IPv6', () => {
  const perIp = new Map<string, number>();
  for (const r of records)
    perIp.set(
      get(r, 'identity.sourceIp') ?? '',
      (perIp.get(get(r, 'identity.sourceIp') ?? '') ?? 0) + 1,
    );
  const top10 = [...perIp.values()].sort((a, b) => b - a).slice(0, 10);
  expect(top10.reduce((a, b) => a + b, 0) / records.length).toBeGreaterThan(0.25);
  expect(perIp.size).toBeGreaterThan(500);
  const ipv6 = share((r) => isIP(get(r, 'identity.sourceIp') ?? '') === 6);
  expect(ipv6).toBeGreaterThan(0.01);
  expect(ipv6).toBeLessThan(0.5);
});

test('mostly 2xx with 4xx and 5xx tails that differ by route', () => {
  const status = (r: ContextValues): number => num(r, 'status');
  expect(share((r) => status(r) < 300)).toBeGreaterThan(0.85);
  expect(share((r) => status(r) >= 400 && status(r) < 500)).toBeGreaterThan(0.02);
  expect(share((r) => status(r) >= 500)).toBeGreaterThan(0.002);
  expect(share((r) => status(r) >= 500)).toBeLessThan(0.05);
  const proxy = records.filter((r) => get(r, 'resourcePath') === '/{proxy+}');
  const health = records.filter((r) => get(r, 'resourcePath') === '/health');
  expect(share((r) => status(r) === 404, proxy)).toBeGreaterThan(0.2);
  expect(share((r) => status(r) >= 400, health)).toBeLessThan(0.01);
});

test('gateway errors carry error.message and responseType; backend answers do not', () => {
  const throttled = records.filter((r) => get(r, 'status') === '429');
  expect(throttled.length).toBeGreaterThan(0);
  for (const r of throttled) {
    expect(get(r, 'error.message')).toBe('Too Many Requests');
    expect(get(r, 'error.responseType')).toBe('THROTTLED');
    expect(get(r, 'integrationLatency')).toBeNull();
  }
  expect(records.some((r) => get(r, 'error.responseType') === 'INTEGRATION_TIMEOUT')).toBe(true);
  for (const r of records.filter((r) => get(r, 'status') === '200').slice(0, 1000)) {
    expect(get(r, 'error.message')).toBeNull();
  }
});

test('log-normal latency: 5xx slower than 2xx, integration below response latency', () => {
  const latencies = (from: number, to: number): number[] =>
    records
      .filter((r) => num(r, 'status') >= from && num(r, 'status') < to)
      .map((r) => num(r, 'responseLatency'));
  expect(median(latencies(500, 600))).toBeGreaterThan(2 * median(latencies(200, 300)));
  const violations = records.filter((r) => {
    const integration = get(r, 'integrationLatency');
    return (
      get(r, 'integration.latency') !== integration ||
      (integration !== null && Number(integration) >= num(r, 'responseLatency'))
    );
  });
  expect(violations).toEqual([]);
  const all = records.map((r) => num(r, 'responseLatency'));
  expect(median(all)).toBeGreaterThan(5);
  expect(all.reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(29_000); // integration timeouts
});

test('response lengths are plausible', () => {
  const ok = records.filter((r) => get(r, 'status') === '200' && get(r, 'httpMethod') === 'GET');
  expect(median(ok.map((r) => num(r, 'responseLength')))).toBeGreaterThan(100);
  for (const r of records.filter((r) => get(r, 'status') === '204'))
    expect(get(r, 'responseLength')).toBe('0');
});

test('user agents have spaces, quotes, commas, parentheses, backslashes; caller and user mostly empty', () => {
  const agents = new Set(records.map((r) => get(r, 'identity.userAgent')));
  for (const needle of [' ', '"', ',', '(', '\\']) {
    expect(
      [...agents].some((a) => a?.includes(needle)),
      needle,
    ).toBe(true);
  }
  expect(agents.has(null)).toBe(true);
  expect(share((r) => get(r, 'identity.caller') === null)).toBeGreaterThan(0.9);
  expect(share((r) => get(r, 'identity.user') !== null)).toBeGreaterThan(0);
});

test('more traffic in the local day than at night (UTC-5 by default), and on weekdays', () => {
  const localHour = (r: ContextValues): number =>
    new Date(num(r, 'requestTimeEpoch') - 5 * HOUR).getUTCHours();
  const afternoon = share((r) => localHour(r) >= 12 && localHour(r) < 18);
  const night = share((r) => localHour(r) >= 0 && localHour(r) < 6);
  expect(afternoon).toBeGreaterThan(3 * night);
  const weekday = (r: ContextValues): number =>
    new Date(num(r, 'requestTimeEpoch') - 5 * HOUR).getUTCDay();
  const saturday = share((r) => weekday(r) === 6);
  const wednesday = share((r) => weekday(r) === 3);
  expect(wednesday).toBeGreaterThan(1.3 * saturday);
});

test('hostileFraction puts script and onerror payloads in that share of user agents and paths', () => {
  const hostile = /<script|onerror/;
  expect(share((r) => hostile.test(`${get(r, 'identity.userAgent')} ${get(r, 'path')}`))).toBe(0);
  const options = { ...week, count: 50_000, hostileFraction: 0.05 };
  const tainted = [...generateRequests(options)].filter(
    (r) => hostile.test(get(r, 'identity.userAgent') ?? '') && hostile.test(get(r, 'path') ?? ''),
  );
  expect(tainted.length / options.count).toBeGreaterThan(0.04);
  expect(tainted.length / options.count).toBeLessThan(0.06);
  expect(
    tainted.some((r) => get(r, 'wafResponseCode') === 'WAF_BLOCK' && get(r, 'status') === '403'),
  ).toBe(true);
});
