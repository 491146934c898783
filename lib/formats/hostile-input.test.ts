import { test, expect } from 'vitest';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { checkAccounting } from './accounting';
import { decompressObject } from './gzip';
import { parseObject, type FormatVersion } from './parse-object';
import { FORMAT_PRESETS, findPreset } from './presets';
import { renderTemplate, tokenizeTemplate } from './template-tokens';
import { requestArb } from './test-values';

const FORMAT_CHOICES: (FormatVersion[] | 'auto')[] = [
  'auto',
  ...FORMAT_PRESETS.map((p) => [{ template: p.template, effectiveFrom: null }]),
];

function parseAndCheck(data: Uint8Array, formats: FormatVersion[] | 'auto') {
  const result = parseObject(data, { objectKey: 'hostile', formats });
  const bytes = decompressObject(data).bytes;
  expect(result.bytes).toBe(bytes.length);
  expect(checkAccounting(bytes, result)).toBeNull();
  for (const reject of result.rejects)
    expect(Buffer.byteLength(reject.raw)).toBeLessThanOrEqual(4096 * 3);
  return result;
}

test('random bytes: no throw, every non-whitespace byte in a record or a reject', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 3000 }),
      fc.constantFrom(...FORMAT_CHOICES),
      (data, formats) => {
        parseAndCheck(data, formats);
      },
    ),
    { numRuns: 300 },
  );
});

const JUNK = [
  '"',
  '{',
  '}',
  '<',
  '>',
  '</request>',
  '[',
  ']',
  ',',
  ' ',
  '\n',
  '\r\n',
  '\\',
  '-',
  '\u00ff',
  '}{',
];

test('record fragments mixed with unbalanced quotes, braces and cuts are all accounted for', () => {
  const piece = fc.oneof(
    fc.constantFrom(...JUNK),
    fc
      .tuple(requestArb(), fc.constantFrom(...FORMAT_PRESETS), fc.nat(), fc.nat())
      .map(([r, p, a, b]) => {
        const text = renderTemplate(tokenizeTemplate(p.template), r.values);
        // Whole records, or a random cut of one.
        return a % 3 === 0
          ? text.slice(Math.min(a, b) % text.length, Math.max(a, b) % text.length)
          : text;
      }),
  );
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 12 }),
      fc.constantFrom(...FORMAT_CHOICES),
      fc.boolean(),
      (pieces, formats, gzip) => {
        const text = Buffer.from(pieces.join(''), 'utf8');
        const result = parseAndCheck(gzip ? gzipSync(text) : text, formats);
        // Accounting above assumes no duplicate spans; equal random records are vanishingly rare.
        expect(result.duplicates).toBe(0);
      },
    ),
    { numRuns: 400 },
  );
});

test('truncated gzip at every cut point never throws and accounts for the decompressed prefix', () => {
  const clf = findPreset('clf')?.template ?? '';
  const text = fc
    .sample(requestArb(), { numRuns: 30, seed: 7 })
    .map((r) => renderTemplate(tokenizeTemplate(clf), r.values))
    .join('');
  const gz = gzipSync(text);
  for (let cut = 0; cut <= gz.length; cut += Math.max(1, Math.floor(gz.length / 60))) {
    const result = parseAndCheck(gz.subarray(0, cut), [{ template: clf, effectiveFrom: null }]);
    if (cut < gz.length - 8 && cut > 10)
      expect(result.rejects.at(-1)?.reason).toBe('truncated gzip');
  }
});

const TEN_MB = 10 * 1024 * 1024;

test('a 10 MB line: a record with a huge user agent still parses, quickly', () => {
  const template = findPreset('custom-clf')?.template ?? '';
  const agent = 'Mozilla/5.0 "x"(y, z) [w] '.repeat(Math.ceil(TEN_MB / 26));
  const line = `198.51.100.7 - - [01/Nov/2019:02:13:45 +0000] "GET /prod/x HTTP/1.1" 200 3 "${agent}" 12 9 bb0afe31-fc1b-11e9-9e7e-0242ac120002 /x`;
  const started = Date.now();
  const text = `${line}\n${line.replace('bb0afe31', 'cc0afe31')}`;
  const result = parseAndCheck(Buffer.from(text), [{ template, effectiveFrom: null }]);
  expect(result.records).toHaveLength(2);
  expect(result.records[0].record.userAgent).toHaveLength(agent.length);
  expect(result.records[0].record.requestId).toBe('bb0afe31-fc1b-11e9-9e7e-0242ac120002');
  expect(Date.now() - started).toBeLessThan(15_000);
});

test('a 10 MB value holding its own anchor is one reject (too long to search), not a hang', () => {
  const template = findPreset('custom-clf')?.template ?? '';
  const agent = 'quoted " agent '.repeat(Math.ceil(TEN_MB / 15));
  const line = `198.51.100.7 - - [01/Nov/2019:02:13:45 +0000] "GET /prod/x HTTP/1.1" 200 3 "${agent}" 12 9 bb0afe31-fc1b-11e9-9e7e-0242ac120002 /x`;
  const started = Date.now();
  const result = parseAndCheck(Buffer.from(`${line}\n`), [{ template, effectiveFrom: null }]);
  expect(result.records).toEqual([]);
  expect(result.rejects).toMatchObject([{ offset: 0, length: line.length }]);
  expect(Date.now() - started).toBeLessThan(15_000);
});

test.each([
  ['unbalanced JSON starts', '{ "requestId":"'.repeat(TEN_MB / 15), 'json'],
  ['open XML records', '<request id="x"> <ip>'.repeat(TEN_MB / 21), 'xml'],
  ['partial CSV records', '1.1.1.1,-,-,01/Nov/2019:02:13:45 +0000,GET,'.repeat(TEN_MB / 43), 'csv'],
  ['one quote run', '"'.repeat(TEN_MB), 'custom-clf'],
  ['hex and colons', 'a0:'.repeat(TEN_MB / 3), 'clf'],
])('a 10 MB hostile line (%s) is rejected without hanging', (_name, text, presetId) => {
  const template = findPreset(presetId)?.template ?? '';
  const started = Date.now();
  const result = parseAndCheck(Buffer.from(text), [{ template, effectiveFrom: null }]);
  expect(result.records).toEqual([]);
  expect(result.rejects.length).toBeGreaterThan(0);
  expect(Date.now() - started).toBeLessThan(20_000);
});
