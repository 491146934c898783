import { test, expect } from 'vitest';
import { FORMAT_PRESETS, findPreset } from '@/lib/formats/presets';
import { tokenizeTemplate } from '@/lib/formats/template-tokens';
import {
  buildSampleContext,
  formatClfTime,
  listUnsetVariables,
  renderSampleObject,
  renderSampleRecord,
} from './render-preview';

const template = (id: string) => findPreset(id)?.template ?? '';
const kindOf = (family: string) => (family === 'http' ? 'http' : 'rest') as 'http' | 'rest';

/** Walks a rendered line along the template: each literal verbatim, each variable as expected. */
function expectRenderedAlong(tpl: string, line: string, valueOf: (name: string) => string) {
  let at = 0;
  for (const token of tokenizeTemplate(tpl)) {
    const expected = token.kind === 'literal' ? token.text : valueOf(token.name);
    expect(line.startsWith(expected, at), `${JSON.stringify(expected)} at ${at}`).toBe(true);
    at += expected.length;
  }
  expect(at).toBe(line.length);
}

test('every preset renders with no $context left and `-` exactly for unset variables', () => {
  for (const preset of FORMAT_PRESETS) {
    const options = { apiKind: kindOf(preset.family) };
    const line = renderSampleRecord(preset.template, options);
    expect(line, preset.id).not.toContain('$context');
    const context = buildSampleContext(options);
    const unset = new Set(listUnsetVariables(preset.template, options));
    for (const name of unset) expect(context[name], name).toBeUndefined();
    expectRenderedAlong(preset.template, line, (name) => (unset.has(name) ? '-' : context[name]));
  }
  // The REST presets log caller and user, which an unauthenticated sample request does not have.
  expect(listUnsetVariables(template('clf'))).toEqual([
    '$context.identity.caller',
    '$context.identity.user',
  ]);
});

test('REST CLF renders like API Gateway: missing caller and user are `-`', () => {
  expect(renderSampleRecord(template('clf'))).toBe(
    '198.51.100.23 - - [05/Apr/2024:23:43:16 +0000] "GET /pets/{petId} HTTP/1.1" 200 431 3f2c8d1e-6b7a-4c59-9e21-7d4b0a9c5e13 Sca3bFUQgi0EYeA=',
  );
});

test('HTTP CLF repeats the method inside the route key, as the real preset does', () => {
  expect(renderSampleRecord(template('http-clf'), { apiKind: 'http' })).toBe(
    '198.51.100.23 - - [05/Apr/2024:23:43:16 +0000] "GET GET /pets/{petId} HTTP/1.1" 200 431 GQIVriFLIAMEMsA=',
  );
});

test('JSON presets render parseable JSON with `-` for missing values', () => {
  const record = JSON.parse(renderSampleRecord(template('json'))) as Record<string, string>;
  expect(record).toMatchObject({
    caller: '-',
    user: '-',
    status: '200',
    resourcePath: '/pets/{petId}',
  });
  const http = JSON.parse(renderSampleRecord(template('http-json'), { apiKind: 'http' })) as Record<
    string,
    string
  >;
  expect(http.routeKey).toBe('GET /pets/{petId}');
});

test('values are raw: quotes in a value break JSON exactly as they do on AWS', () => {
  const line = renderSampleRecord(template('custom-json'), {
    values: { '$context.identity.userAgent': 'say "hi"' },
  });
  expect(line).toContain('"userAgent":"say "hi""');
  expect(() => JSON.parse(line)).toThrow();
});

test('gateway-error scenario and overrides', () => {
  const line = renderSampleRecord(template('custom-json'), { scenario: 'gateway-error' });
  const record = JSON.parse(line) as Record<string, unknown>;
  expect(record.status).toBe(504);
  expect(record.error).toBe('Endpoint request timed out');
  const noLatency = renderSampleRecord('$context.requestId $context.responseLatency', {
    values: { '$context.responseLatency': null },
  });
  expect(noLatency).toBe('3f2c8d1e-6b7a-4c59-9e21-7d4b0a9c5e13 -');
});

test('sample objects are glued unless the format ends with a newline', () => {
  const glued = renderSampleObject(template('json'), 3);
  expect(glued.split('}{')).toHaveLength(3);
  expect(glued).not.toContain('\n');
  const lines = renderSampleObject(template('custom-json'), 4).split('\n');
  expect(lines).toHaveLength(5);
  const ids = lines.slice(0, 4).map((l) => (JSON.parse(l) as { requestId: string }).requestId);
  expect(new Set(ids).size).toBe(4);
  expect(lines[3]).toContain('"status":504');
});

test('CLF time formatting is UTC with two-digit fields', () => {
  expect(formatClfTime(Date.UTC(2023, 0, 2, 3, 4, 5))).toBe('02/Jan/2023:03:04:05 +0000');
});
