import { expect, test } from 'vitest';
import { findPreset } from '@/lib/formats/presets';
import { parseFormatHistory, parseFormatSpec } from './format-history';

test('a preset id resolves to its template and applies from the start', () => {
  expect(parseFormatSpec('clf')).toEqual({
    template: findPreset('clf')?.template,
    effectiveFrom: null,
  });
});

test('@ISO-time sets when a format took effect; times without a zone are UTC', () => {
  expect(parseFormatSpec('json@2024-04-01T12:00:00Z').effectiveFrom).toBe(Date.UTC(2024, 3, 1, 12));
  expect(parseFormatSpec('json@2024-04-01T12:00').effectiveFrom).toBe(Date.UTC(2024, 3, 1, 12));
  expect(parseFormatSpec('json@2024-04-01').effectiveFrom).toBe(Date.UTC(2024, 3, 1));
});

test('a literal template is kept, with a typed trailing \\n turned into a newline', () => {
  const spec = '$context.requestId $context.status\\n';
  expect(parseFormatSpec(spec)).toEqual({
    template: '$context.requestId $context.status\n',
    effectiveFrom: null,
  });
  // An @ inside a template is text when what follows is not a time.
  expect(parseFormatSpec('$context.requestId user@$context.stage').template).toBe(
    '$context.requestId user@$context.stage',
  );
});

test('templates break the rules API Gateway enforces are refused', () => {
  expect(() => parseFormatSpec('no-such-preset')).toThrow(/neither a preset id nor a template/);
  expect(() => parseFormatSpec('$context.status')).toThrow(
    /requestId or \$context.extendedRequestId/,
  );
  expect(() => parseFormatSpec('$context.requestId\n$context.status')).toThrow(/single line/);
});

test('a history has at most one format without a time; none given means custom-json', () => {
  expect(parseFormatHistory([])).toEqual([
    { template: findPreset('custom-json')?.template, effectiveFrom: null },
  ]);
  expect(parseFormatHistory(['clf', 'json@2024-04-01T00:00:00Z'])).toHaveLength(2);
  expect(() => parseFormatHistory(['clf', 'json'])).toThrow(/only the first --format/);
});
