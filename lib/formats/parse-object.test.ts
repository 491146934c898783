import { test, expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import { checkAccounting } from './accounting';
import { findPreset } from './presets';
import { orderFormatVersions, parseObject, type FormatVersion } from './parse-object';

const CLF = findPreset('clf-legacy')?.template ?? '';
const JSON_PRESET = findPreset('json')?.template ?? '';
const CUSTOM_JSON = findPreset('custom-json')?.template ?? '';

function clfLine(n: number, extra = ''): string {
  const id = `bb0afe31-fc1b-11e9-9e7e-${String(n).padStart(12, '0')}`;
  return `10.0.0.${n % 250} - - [01/Nov/2019:02:13:4${n % 10} +0000] "GET /hello${extra} HTTP/1.1" 200 32 ${id}`;
}

function jsonRecord(n: number): string {
  return `{ "requestId":"0c5e3b2${n}-fc1b-11e9-9e7e-0242ac120003", "extendedRequestId":"Sca3bFUQgi0EYe${'AQ'[n % 2]}=", "ip": "10.1.0.${n}", "caller":"-", "user":"-", "requestTime":"02/Nov/2019:10:00:0${n} +0100", "httpMethod":"POST", "resourcePath":"/pets", "status":"201", "protocol":"HTTP/1.1", "responseLength":"-" }`;
}

const clfOnly: FormatVersion[] = [{ template: CLF, effectiveFrom: null }];

test('a span that is not a record becomes a reject with its byte offset, length and text', () => {
  const text = `${clfLine(1)}\nnot a log line at all\n${clfLine(2)}garbage after a record\n`;
  const result = parseObject(Buffer.from(text), { objectKey: 'a/b.gz', formats: clfOnly });
  expect(result.records.map((r) => r.record.ip)).toEqual(['10.0.0.1', '10.0.0.2']);
  expect(result.rejects).toEqual([
    {
      objectKey: 'a/b.gz',
      offset: text.indexOf('not a log'),
      length: 'not a log line at all'.length,
      raw: 'not a log line at all',
      reason: 'does not match the log format',
    },
    expect.objectContaining({ offset: text.indexOf('garbage'), raw: 'garbage after a record' }),
  ]);
  expect(checkAccounting(Buffer.from(text), result)).toBeNull();
});

test('a record cut by the end of the object is an incomplete-record reject', () => {
  const text = clfLine(1) + clfLine(2).slice(0, 40);
  const result = parseObject(Buffer.from(text), { objectKey: 'k', formats: clfOnly });
  expect(result.records).toHaveLength(1);
  expect(result.rejects).toMatchObject([
    { offset: clfLine(1).length, reason: 'incomplete record at end of object' },
  ]);
});

test('offsets and lengths are UTF-8 byte positions; non-UTF-8 bytes become U+FFFD', () => {
  const first = `{"requestId":"a1","extendedRequestId":"-","ip":"::1","time":"-","epoch":1700000000000,"method":"GET","route":"/","path":"/prod/caf\u00e9","protocol":"HTTP/1.1","status":200,"bytes":1,"latency":2,"integrationLatency":1,"userAgent":"K\u00e4se \u65e5\u672c","stage":"prod","error":"-"}`;
  const second = first.replace('a1', 'a2').replace('K\u00e4se \u65e5\u672c', 'bad \udcff');
  const bytes = Buffer.concat([
    Buffer.from(`${first}\n`, 'utf8'),
    Buffer.from(second.split('\udcff')[0], 'utf8'),
    Buffer.from([0xff, 0xfe]),
    Buffer.from(`${second.split('\udcff')[1]}\n`, 'utf8'),
  ]);
  const result = parseObject(bytes, {
    objectKey: 'k',
    formats: [{ template: CUSTOM_JSON, effectiveFrom: null }],
  });
  expect(result.rejects).toEqual([]);
  expect(result.records.map((r) => r.record.userAgent)).toEqual([
    'K\u00e4se \u65e5\u672c',
    'bad \ufffd\ufffd',
  ]);
  expect(result.records[0].record.path).toBe('/prod/caf\u00e9');
  expect(result.records[1].offset).toBe(Buffer.byteLength(`${first}\n`));
  expect(result.records[0].length).toBe(Buffer.byteLength(first));
  expect(checkAccounting(bytes, result)).toBeNull();
});

test('duplicates by requestId are dropped and counted, within and across objects', () => {
  const seen = new Set<string>();
  const one = parseObject(Buffer.from(clfLine(1) + clfLine(2) + clfLine(1)), {
    objectKey: 'one',
    formats: clfOnly,
    seenRequestIds: seen,
  });
  expect([one.records.length, one.duplicates]).toEqual([2, 1]);
  const two = parseObject(gzipSync(`${clfLine(2)}\n${clfLine(3)}\n`), {
    objectKey: 'two',
    formats: clfOnly,
    seenRequestIds: seen,
  });
  expect(two.records.map((r) => r.record.ip)).toEqual(['10.0.0.3']);
  expect(two.duplicates).toBe(1);
  expect(seen.size).toBe(3);
});

test('records without a requestId are never treated as duplicates', () => {
  const template = '$context.extendedRequestId $context.status\n';
  const result = parseObject(Buffer.from('- 200\n- 200\n'), {
    objectKey: 'k',
    formats: [{ template, effectiveFrom: null }],
  });
  expect([result.records.length, result.duplicates]).toEqual([2, 0]);
});

test('format history: the version in force at the object time is tried first', () => {
  const history: FormatVersion[] = [
    { template: CLF, effectiveFrom: null, name: 'original' },
    { template: JSON_PRESET, effectiveFrom: Date.UTC(2019, 10, 2) },
  ];
  expect(orderFormatVersions(history, Date.UTC(2019, 10, 1)).map((v) => v.template)).toEqual([
    CLF,
    JSON_PRESET,
  ]);
  expect(orderFormatVersions(history, Date.UTC(2019, 10, 3)).map((v) => v.template)).toEqual([
    JSON_PRESET,
    CLF,
  ]);
  expect(orderFormatVersions(history, undefined)[0].template).toBe(JSON_PRESET);
  const before = parseObject(Buffer.from(clfLine(1)), {
    objectKey: 'k',
    formats: history,
    objectTime: Date.UTC(2019, 10, 1),
  });
  expect(before.format).toBe('clf-legacy');
  const after = parseObject(Buffer.from(jsonRecord(1)), {
    objectKey: 'k',
    formats: history,
    objectTime: Date.UTC(2019, 10, 3),
  });
  expect(after.format).toBe('json');
  expect(after.records[0].record).toMatchObject({ method: 'POST', status: 201, bytes: null });
});

test('format history: records that do not fit the chosen version are read with the others', () => {
  // Firehose buffered across the format change: old CLF records glued to new JSON records.
  const text = clfLine(1) + clfLine(2) + jsonRecord(3) + jsonRecord(4) + clfLine(5);
  const result = parseObject(Buffer.from(text), {
    objectKey: 'k',
    formats: [
      { template: CLF, effectiveFrom: null },
      { template: JSON_PRESET, effectiveFrom: Date.UTC(2019, 10, 2) },
    ],
    objectTime: Date.UTC(2019, 10, 2, 1),
  });
  expect(result.rejects).toEqual([]);
  expect(result.records.map((r) => r.record.ip)).toEqual([
    '10.0.0.1',
    '10.0.0.2',
    '10.1.0.3',
    '10.1.0.4',
    '10.0.0.5',
  ]);
  expect(result.records[2].record.time).toBe(Date.UTC(2019, 10, 2, 9, 0, 3));
});

test("'auto' detects the format from the object's first bytes", () => {
  const result = parseObject(gzipSync(jsonRecord(1) + jsonRecord(2)), {
    objectKey: 'k',
    formats: 'auto',
  });
  expect(result.format).toBe('json');
  expect(result.records).toHaveLength(2);
  const unknown = parseObject(Buffer.from('hello world\nsecond line\n'), {
    objectKey: 'k',
    formats: 'auto',
  });
  expect(unknown.format).toBe('unknown');
  expect(unknown.records).toEqual([]);
  expect(unknown.rejects.map((r) => [r.raw, r.reason])).toEqual([
    ['hello world', 'no log format known for this object'],
    ['second line', 'no log format known for this object'],
  ]);
});

test('gzip: multi-member objects are read whole, plain objects too', () => {
  const members = Buffer.concat([
    gzipSync(clfLine(1)),
    gzipSync(clfLine(2)),
    gzipSync(`\n${clfLine(3)}`),
  ]);
  const result = parseObject(members, { objectKey: 'k', formats: clfOnly });
  expect(result.records.map((r) => r.record.ip)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  expect(result.bytes).toBe(clfLine(1).length + clfLine(2).length + clfLine(3).length + 1);
});

test('gzip: a truncated object yields what decompressed, then a truncated-gzip reject', () => {
  const text = Array.from({ length: 400 }, (_, i) => clfLine(i, `/${i}`)).join('\n');
  const gz = gzipSync(text);
  const result = parseObject(gz.subarray(0, Math.floor(gz.length * 0.6)), {
    objectKey: 'k',
    formats: clfOnly,
  });
  expect(result.records.length).toBeGreaterThan(10);
  expect(result.records.length).toBeLessThan(400);
  const last = result.rejects[result.rejects.length - 1];
  expect(last).toMatchObject({ offset: result.bytes, length: 0, reason: 'truncated gzip' });
  const lastRecord = result.records[result.records.length - 1];
  expect(text.slice(lastRecord.offset, lastRecord.offset + lastRecord.length)).toBe(lastRecord.raw);
  expect(result.rejects[result.rejects.length - 2].reason).toBe(
    'incomplete record at end of object',
  );
  expect(checkAccounting(Buffer.from(text.slice(0, result.bytes)), result)).toBeNull();
});

test('gzip: corrupt data keeps the readable prefix and reports the rest', () => {
  const text = Array.from({ length: 300 }, (_, i) => clfLine(i, `/${i}`)).join('\n');
  const gz = gzipSync(text);
  const corrupt = Buffer.concat([gz, Buffer.from('trailing garbage that is not gzip')]);
  const result = parseObject(corrupt, { objectKey: 'k', formats: clfOnly });
  expect(result.bytes).toBe(text.length);
  expect(result.rejects[result.rejects.length - 1].reason).toMatch(
    /^corrupt gzip \(\d+ compressed bytes unreadable\)$/,
  );
});

test('empty and whitespace-only objects give nothing and no rejects', () => {
  for (const data of [Buffer.alloc(0), Buffer.from(' \r\n\t\n'), gzipSync('')]) {
    const result = parseObject(data, { objectKey: 'k', formats: clfOnly });
    expect([result.records, result.rejects]).toEqual([[], []]);
  }
});
