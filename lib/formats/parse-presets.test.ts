import { test, expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import { FORMAT_PRESETS, findPreset } from './presets';
import { parseObject, type FormatVersion } from './parse-object';
import { renderTemplate, tokenizeTemplate } from './template-tokens';
import { expectedRecord, formatRequestTime, type SampleRequest } from './test-values';

const SEED_LINE =
  '153.156.231.73 - - [01/Nov/2019:02:13:45 +0000] "GET /hello HTTP/1.1" 200 32 bb0afe31-fc1b-11e9-9e7e-0242ac120002';

function sample(i: number, httpApi: boolean): SampleRequest {
  const epochMs = Date.UTC(2024, 3, 5, 23, 43, 16) + i * 61_123;
  const hostile = i % 3 === 1;
  return {
    epochMs,
    values: {
      '$context.requestId': httpApi
        ? `GQIVriFLIAMEM${'sAb'[i % 3]}${'AEIM'[i % 4]}=`
        : `bb0afe3${i}-fc1b-11e9-9e7e-0242ac12000${i}`,
      '$context.extendedRequestId': i === 2 ? null : `Sca3bFUQgi0EY${'ef'[i % 2]}A=`,
      '$context.identity.sourceIp':
        i % 2 === 0 ? `153.156.231.${70 + i}` : '2a00:23c7:4cd5:d382::4020',
      '$context.identity.caller': i === 1 ? 'AIDAJQABLZS4A3QDU576Q' : null,
      '$context.identity.user': i === 1 ? '123456789012' : null,
      '$context.requestTime': formatRequestTime(epochMs, i % 2 === 0 ? 0 : -420),
      '$context.requestTimeEpoch': String(epochMs),
      '$context.httpMethod': ['GET', 'POST', 'DELETE'][i % 3],
      '$context.resourcePath': ['/hello', '/pets/{petId}', '/{proxy+}'][i % 3],
      '$context.routeKey': ['GET /hello', 'POST /pets/{petId}', '$default'][i % 3],
      '$context.path': ['/prod/hello', '/prod/pets/42', '/prod/caf%C3%A9/a%20b'][i % 3],
      '$context.protocol': 'HTTP/1.1',
      '$context.status': ['200', '502', null][i % 3],
      '$context.responseLength': ['32', null, '0'][i % 3],
      '$context.responseLatency': ['12', '29001', null][i % 3],
      '$context.integrationLatency': ['9', null, null][i % 3],
      '$context.identity.userAgent': hostile
        ? 'Mozilla/5.0 (X11; Linux) "quoted" [x], {y} <b>&amp;</b>'
        : 'curl/8.5.0',
      '$context.stage': 'prod',
      '$context.error.message': i === 1 ? 'Internal server error' : null,
    },
  };
}

const FRAMINGS = [
  { name: 'glued', join: (records: string[]) => records.join('') },
  { name: 'LF', join: (records: string[]) => records.map((r) => `${r.trimEnd()}\n`).join('') },
  { name: 'CRLF', join: (records: string[]) => records.map((r) => `${r.trimEnd()}\r\n`).join('') },
];

const CASES = FORMAT_PRESETS.flatMap((preset) => FRAMINGS.map((framing) => ({ preset, framing })));

test.each(CASES)('$preset.id, $framing.name records parse back', ({ preset, framing }) => {
  const httpApi = preset.family === 'http';
  const samples = [0, 1, 2, 3].map((i) => sample(i, httpApi));
  const tokens = tokenizeTemplate(preset.template);
  const text = framing.join(samples.map((s) => renderTemplate(tokens, s.values)));
  const formats: FormatVersion[] = [{ template: preset.template, effectiveFrom: null }];
  for (const data of [Buffer.from(text), gzipSync(text)]) {
    const result = parseObject(data, { objectKey: 'k', formats });
    expect(result.rejects).toEqual([]);
    expect(result.format).toBe(preset.id);
    expect(result.records.map((r) => r.record)).toEqual(
      samples.map((s) => expectedRecord(preset.template, s)),
    );
    for (const parsed of result.records) {
      expect(text.slice(parsed.offset, parsed.offset + parsed.length)).toBe(parsed.raw);
    }
  }
});

test("the seed article's CLF line, alone, glued and newline-framed", () => {
  const template = findPreset('clf-legacy')?.template ?? '';
  const second = SEED_LINE.replace('bb0afe31', 'cc1bf042').replace('153.156.231.73', '10.0.0.7');
  const expected = {
    time: Date.UTC(2019, 10, 1, 2, 13, 45),
    ip: '153.156.231.73',
    method: 'GET',
    route: '/hello',
    protocol: 'HTTP/1.1',
    status: 200,
    bytes: 32,
    requestId: 'bb0afe31-fc1b-11e9-9e7e-0242ac120002',
    caller: null,
    user: null,
    path: null,
    latencyMs: null,
  };
  for (const text of [SEED_LINE, SEED_LINE + second, `${SEED_LINE}\n${second}\n`]) {
    const result = parseObject(Buffer.from(text), {
      objectKey: 'seed',
      formats: [{ template, effectiveFrom: null }],
    });
    expect(result.rejects).toEqual([]);
    expect(result.records[0].record).toMatchObject(expected);
    expect(result.records[0].raw).toBe(SEED_LINE);
  }
});

test('the HTTP-API CLF request line keeps the method inside the route key', () => {
  const template = findPreset('http-clf')?.template ?? '';
  const line =
    '198.51.100.7 - - [05/Apr/2022:23:43:16 +0000] "GET GET /pets HTTP/1.1" 200 20 GQIVriFLIAMEMsA=';
  const result = parseObject(Buffer.from(line + line.replace('MsA=', 'MsQ=')), {
    objectKey: 'k',
    formats: [{ template, effectiveFrom: null }],
  });
  expect(result.records.map((r) => [r.record.method, r.record.route, r.record.requestId])).toEqual([
    ['GET', 'GET /pets', 'GQIVriFLIAMEMsA='],
    ['GET', 'GET /pets', 'GQIVriFLIAMEMsQ='],
  ]);
});
