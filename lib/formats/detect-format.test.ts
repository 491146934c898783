import { test, expect } from 'vitest';
import fc from 'fast-check';
import { detectFormat } from './detect-format';
import { synthesizeJsonTemplate, variableForJsonKey } from './json-template';
import { parseObject } from './parse-object';
import { FORMAT_PRESETS } from './presets';
import { renderTemplate, tokenizeTemplate } from './template-tokens';
import { expectedRecord, requestArb } from './test-values';

function sampleText(template: string, httpApi: boolean, count = 40, seed = 11): string {
  const tokens = tokenizeTemplate(template);
  return fc
    .sample(requestArb(httpApi), { numRuns: count, seed })
    .map((r) => renderTemplate(tokens, r.values))
    .join('');
}

test.each(FORMAT_PRESETS.map((p) => [p.id, p] as const))(
  'detects %s with confidence',
  (_id, preset) => {
    const detection = detectFormat(sampleText(preset.template, preset.family === 'http'));
    expect(detection.presetId).toBe(preset.id);
    expect(detection.template).toBe(preset.template);
    expect(detection.confidence).toBeGreaterThan(0.95);
  },
);

test('a sample cut mid-record still detects with full confidence', () => {
  const preset = FORMAT_PRESETS.find((p) => p.id === 'csv');
  const text = sampleText(preset?.template ?? '', false);
  const detection = detectFormat(text.slice(0, text.length - 37));
  expect(detection).toMatchObject({ presetId: 'csv', confidence: 1 });
});

test('a mostly-matching sample gets a lower confidence', () => {
  const clf = FORMAT_PRESETS.find((p) => p.id === 'clf-legacy')?.template ?? '';
  const records = sampleText(clf, false, 10).replace(
    /(\S)(\d{1,3}\.\d)/,
    '$1\ngarbage garbage\n$2',
  );
  const detection = detectFormat(records);
  expect(detection.presetId).toBe('clf-legacy');
  expect(detection.confidence).toBeLessThan(1);
  expect(detection.confidence).toBeGreaterThan(0.8);
});

test('text that is no access log is not detected', () => {
  expect(detectFormat('hello world\nthis is not a log\n')).toEqual({
    presetId: null,
    template: '',
    confidence: 0,
  });
  expect(detectFormat('')).toMatchObject({ presetId: null, confidence: 0 });
});

test('common JSON key names map to $context variables', () => {
  expect(variableForJsonKey('statusCode', '200')).toBe('$context.status');
  expect(variableForJsonKey('source_ip', '1.2.3.4')).toBe('$context.identity.sourceIp');
  expect(variableForJsonKey('time', '1700000000000')).toBe('$context.requestTimeEpoch');
  expect(variableForJsonKey('time', '05/Apr/2022:23:43:16 +0000')).toBe('$context.requestTime');
  expect(variableForJsonKey('when', '05/Apr/2022:23:43:16 +0000')).toBe('$context.requestTime');
  expect(variableForJsonKey('tenant-id', 'x')).toBe('$context.tenant_id');
});

test('an unknown JSON layout is rebuilt into a template that reads its records', () => {
  const template =
    '{"reqId":"$context.requestId", "statusCode":$context.status, "sourceIp":"$context.identity.sourceIp", "ua":"$context.identity.userAgent", "when":"$context.requestTime", "latency":$context.responseLatency, "tenant":"$context.authorizer.tenant"}\n';
  const tokens = tokenizeTemplate(template);
  const requests = fc.sample(requestArb(), { numRuns: 20, seed: 3 });
  const text = requests
    .map((r) => renderTemplate(tokens, { ...r.values, '$context.authorizer.tenant': 'acme' }))
    .join('');
  const detection = detectFormat(text);
  expect(detection.presetId).toBeNull();
  expect(detection.confidence).toBeGreaterThan(0.5);
  expect(detection.confidence).toBeLessThanOrEqual(0.9);
  const result = parseObject(Buffer.from(text), { objectKey: 'k', formats: 'auto' });
  expect(result.format).toBe('custom');
  expect(result.rejects).toEqual([]);
  expect(result.records.map((r) => r.record)).toEqual(
    requests.map((r) => ({
      ...expectedRecord(template.replace('$context.authorizer.tenant', '$context.tenant'), {
        ...r,
        values: { ...r.values, '$context.tenant': 'acme' },
      }),
    })),
  );
});

test('a JSON record that is not flat, or has no request id, is not rebuilt', () => {
  expect(synthesizeJsonTemplate('{"requestId":"a","nested":{"b":1}}')).toBeNull();
  expect(synthesizeJsonTemplate('{"status":"200","ip":"1.2.3.4"}')).toBeNull();
  expect(synthesizeJsonTemplate('{ "requestId" : "a" ,"status":200 }')).toBe(
    '{ "requestId" : "$context.requestId" ,"status":$context.status }',
  );
});
