import { test, expect } from 'vitest';
import { VARIABLE_TO_FIELD, emptyRecord } from './canonical-record';
import { parseObject } from './parse-object';
import { recordToJson } from './record-json';

test('every mapped variable fills its canonical field; others go to extra; missing is null', () => {
  const names = Object.keys(VARIABLE_TO_FIELD).filter((n) => !n.startsWith('$context.requestTime'));
  const template = `${names.map((n) => `${n.slice(9)}=[${n}]`).join(' ')} x=[$context.xrayTraceId] y=[$context.authorizer.claims.sub] m=[$context.responseLatency]\n`;
  const numeric = new Set(['status', 'bytes', 'latencyMs', 'integrationLatencyMs']);
  const value = (n: string) =>
    numeric.has(VARIABLE_TO_FIELD[n])
      ? '7'
      : n === '$context.identity.sourceIp'
        ? '1.2.3.4'
        : n === '$context.httpMethod'
          ? 'GET'
          : n === '$context.protocol'
            ? 'HTTP/1.1'
            : `v-${n.slice(9).replace(/\./g, '_')}`;
  const line = `${names.map((n) => `${n.slice(9)}=[${value(n)}]`).join(' ')} x=[Root=1-abc] y=[-] m=[99]\n`;
  const result = parseObject(Buffer.from(line), {
    objectKey: 'k',
    formats: [{ template, effectiveFrom: null }],
  });
  expect(result.rejects).toEqual([]);
  const record = result.records[0].record;
  for (const name of names) {
    const field = VARIABLE_TO_FIELD[name];
    // Two variables feed these fields; the one earlier in the template wins.
    if (name === '$context.integration.latency' || name === '$context.routeKey') continue;
    expect(record[field]).toBe(numeric.has(field) ? 7 : value(name));
  }
  expect(record.extra).toEqual({ '$context.xrayTraceId': 'Root=1-abc' });
  expect(record.time).toBeNull();
});

test('a missing number is null, never 0, and time serialises as ISO 8601 UTC', () => {
  const template =
    '$context.requestId $context.status $context.responseLength $context.requestTimeEpoch\n';
  const [record] = parseObject(Buffer.from('r1 - 0 1700000000123\n'), {
    objectKey: 'k',
    formats: [{ template, effectiveFrom: null }],
  }).records.map((r) => r.record);
  expect(record).toEqual({ ...emptyRecord(), requestId: 'r1', bytes: 0, time: 1700000000123 });
  expect(recordToJson(record)).toMatchObject({
    time: '2023-11-14T22:13:20.123Z',
    status: null,
    extra: null,
  });
});
