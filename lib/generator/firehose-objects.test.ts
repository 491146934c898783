import { gunzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { findPreset } from '@/lib/formats/presets';
import { renderTemplate, tokenizeTemplate } from '@/lib/formats/template-tokens';
import {
  bufferFirehoseBatches,
  buildFirehoseObjects,
  compressFirehoseBatches,
  type FirehoseObject,
  type FirehoseOptions,
} from './firehose-objects';
import { generateRequests, type ContextValues } from './traffic';

const HOUR = 3_600_000;
const start = Date.UTC(2024, 3, 1, 0);
const end = start + 6 * HOUR;

function template(id: string): string {
  const preset = findPreset(id);
  if (!preset) throw new Error(id);
  return preset.template;
}

function traffic(count: number, seed = 3): ContextValues[] {
  return [...generateRequests({ seed, start, end, count })];
}

const requests = traffic(30_000);
const base: FirehoseOptions = {
  stream: 'pets',
  seed: 3,
  formats: [{ template: template('custom-json'), effectiveFrom: null }],
};
const FIXED_DELAY = { min: 5_000, median: 5_000, max: 5_000 };

function text(object: FirehoseObject): string {
  return gunzipSync(object.body).toString('utf8');
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const KEY = new RegExp(
  `^(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/amazon-apigateway-pets-1-(\\d{4})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-${UUID}\\.gz$`,
);

test('keys follow the Firehose layout, dated by the arrival of the oldest record, several per hour', () => {
  const objects = [...buildFirehoseObjects(requests, base)];
  const perHour = new Map<string, number>();
  for (const object of objects) {
    const m = KEY.exec(object.key);
    expect(m, object.key).not.toBeNull();
    const [, y, mo, d, h, y2, mo2, d2, h2, mi, s] = m as RegExpExecArray;
    expect([y2, mo2, d2, h2]).toEqual([y, mo, d, h]);
    expect(`${y}-${mo}-${d}T${h}:${mi}:${s}`).toBe(
      new Date(object.arrival).toISOString().slice(0, 19),
    );
    expect(object.delivered).toBeGreaterThanOrEqual(object.arrival);
    perHour.set(`${y}${mo}${d}${h}`, (perHour.get(`${y}${mo}${d}${h}`) ?? 0) + 1);
    // Records arrive after their request: none is newer than the object's delivery. (Read by
    // regex: like the real thing, a user agent with a backslash makes a line invalid JSON.)
    for (const [, epoch] of text(object).matchAll(/"epoch":(\d+)/g)) {
      expect(Number(epoch)).toBeLessThan(object.delivered);
    }
  }
  expect(new Set(objects.map((o) => o.key)).size).toBe(objects.length);
  // Records requested late in an hour arrive in the next hour's objects.
  const spill = objects.some((o) => {
    const hour = Math.floor(o.arrival / HOUR);
    return [...text(o).matchAll(/"epoch":(\d+)/g)].some(
      ([, epoch]) => Math.floor(Number(epoch) / HOUR) < hour,
    );
  });
  expect(spill).toBe(true);
  for (const count of perHour.values()) expect(count).toBeGreaterThanOrEqual(6);
});

test('a record requested at 10:59:50 that reaches Firehose at 11:01 lands under 11/', () => {
  const at = Date.UTC(2024, 3, 1, 10, 59, 50);
  const request: ContextValues = {
    '$context.requestId': 'r-1',
    '$context.requestTimeEpoch': String(at),
  };
  const [object] = [
    ...buildFirehoseObjects([request], {
      ...base,
      formats: [{ template: '$context.requestId\n', effectiveFrom: null }],
      delayMs: { min: 70_000, median: 70_000, max: 70_000 },
      duplicateFraction: 0,
    }),
  ];
  expect(object.key).toMatch(/^2024\/04\/01\/11\/amazon-apigateway-pets-1-2024-04-01-11-01-00-/);
  expect(object.arrival).toBe(at + 70_000);
  expect(text(object)).toBe('r-1\n');
});

test('a template without a trailing newline glues records with no delimiter', () => {
  const tokens = tokenizeTemplate(template('custom-clf'));
  const sample = requests.slice(0, 500);
  const objects = [
    ...buildFirehoseObjects(sample, {
      ...base,
      formats: [{ template: template('custom-clf'), effectiveFrom: null }],
      delayMs: FIXED_DELAY,
      duplicateFraction: 0,
      bufferIntervalMs: 24 * HOUR,
    }),
  ];
  expect(objects).toHaveLength(1);
  const body = text(objects[0]);
  expect(body).not.toContain('\n');
  expect(objects[0].records).toBe(500);
  expect(body).toBe(sample.map((r) => renderTemplate(tokens, r)).join(''));
});

test('glued JSON objects meet as }{, one fewer than the records', () => {
  for (const object of buildFirehoseObjects(requests.slice(0, 3000), {
    ...base,
    formats: [{ template: template('json'), effectiveFrom: null }],
  })) {
    const body = text(object);
    expect(body.startsWith('{ "requestId":"')).toBe(true);
    expect(body).not.toContain('\n');
    expect(body.split('}{').length).toBe(object.records);
  }
});

test('a template ending in a newline gives one line per record', () => {
  for (const object of buildFirehoseObjects(requests.slice(0, 3000), base)) {
    const lines = text(object).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(object.records);
    for (const line of lines) expect(line).toMatch(/^\{"requestId":"[0-9a-f-]{36}",.*\}$/);
  }
});

test('same seed gives byte-identical objects; another seed does not', () => {
  const run = (seed: number): FirehoseObject[] => [
    ...buildFirehoseObjects(traffic(5000, seed), { ...base, seed }),
  ];
  const a = run(5);
  const b = run(5);
  expect(a.map((o) => o.key)).toEqual(b.map((o) => o.key));
  a.forEach((o, i) => expect(o.body.equals(b[i].body)).toBe(true));
  const c = run(6);
  expect(c.map((o) => o.key)).not.toEqual(a.map((o) => o.key));
  expect(Buffer.concat(c.map((o) => o.body)).equals(Buffer.concat(a.map((o) => o.body)))).toBe(
    false,
  );
});

test('parallel compression yields the same objects in the same order', async () => {
  const sync = [...buildFirehoseObjects(requests, base)];
  const parallel: FirehoseObject[] = [];
  for await (const object of compressFirehoseBatches(bufferFirehoseBatches(requests, base), {
    concurrency: 4,
  })) {
    parallel.push(object);
  }
  expect(parallel.map((o) => o.key)).toEqual(sync.map((o) => o.key));
  parallel.forEach((o, i) => expect(o.body.equals(sync[i].body)).toBe(true));
});

test('the buffer flushes by size as well as by interval', () => {
  const bufferBytes = 64 * 1024;
  const batches = [
    ...bufferFirehoseBatches(requests, { ...base, bufferBytes, bufferIntervalMs: 900_000 }),
  ];
  const bySize = batches.filter((b) => b.delivered < b.arrival + 900_000);
  expect(bySize.length).toBeGreaterThan(batches.length / 2);
  for (const batch of batches) expect(batch.text.length).toBeLessThan(bufferBytes + 2000);
  const total = batches.reduce((n, b) => n + b.records, 0);
  expect(total).toBeGreaterThanOrEqual(requests.length);
});

test('a format history renders each record with the format in force at its request time', () => {
  const switchAt = start + 3 * HOUR;
  const objects = [
    ...buildFirehoseObjects(requests, {
      ...base,
      formats: [
        { template: template('clf'), effectiveFrom: null },
        { template: template('custom-json'), effectiveFrom: switchAt },
      ],
    }),
  ];
  const early = objects.filter((o) => o.delivered < switchAt);
  const late = objects.filter((o) => o.arrival > switchAt + 300_000);
  expect(early.length).toBeGreaterThan(0);
  expect(late.length).toBeGreaterThan(0);
  for (const o of early) expect(text(o)).not.toContain('{"requestId"');
  for (const o of late) expect(text(o).startsWith('{"requestId"')).toBe(true);
});

test('at-least-once delivery repeats about duplicateFraction of the records', () => {
  const count = (fraction: number): { records: number; repeated: number } => {
    const seen = new Map<string, number>();
    let records = 0;
    for (const batch of bufferFirehoseBatches(requests, { ...base, duplicateFraction: fraction })) {
      records += batch.records;
      for (const [, id] of batch.text.matchAll(/\{"requestId":"([^"]+)"/g)) {
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
    }
    return { records, repeated: [...seen.values()].filter((n) => n === 2).length };
  };
  expect(count(0)).toEqual({ records: requests.length, repeated: 0 });
  const some = count(0.02);
  expect(some.records - requests.length).toBe(some.repeated);
  expect(some.repeated / requests.length).toBeGreaterThan(0.01);
  expect(some.repeated / requests.length).toBeLessThan(0.03);
});

test('custom prefixes with timestamp and random-string expressions', () => {
  const objects = [
    ...bufferFirehoseBatches(requests.slice(0, 2000), {
      ...base,
      prefix:
        'logs/!{firehose:random-string}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/',
    }),
  ];
  for (const o of objects) {
    const d = new Date(o.arrival).toISOString();
    const folder = `year=${d.slice(0, 4)}/month=${d.slice(5, 7)}/day=${d.slice(8, 10)}/hour=${d.slice(11, 13)}/`;
    expect(o.key).toMatch(new RegExp(`^logs/[a-z0-9]{11}/${folder}amazon-apigateway-pets-1-`));
  }
});

test('requests without requestTimeEpoch are refused', () => {
  expect(() => [...bufferFirehoseBatches([{ '$context.requestId': 'x' }], base)]).toThrow(
    /requestTimeEpoch/,
  );
});
