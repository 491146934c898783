import { test, expect } from 'vitest';
import { findPreset } from './presets';
import { FormatResolutionError, formatIdForTemplate, resolveFormat } from './resolve-format';

test('a preset id, a literal template or an @file resolve to a template', () => {
  expect(resolveFormat('clf')).toBe(findPreset('clf')?.template);
  expect(resolveFormat('$context.requestId $context.status')).toBe(
    '$context.requestId $context.status',
  );
  expect(resolveFormat('@fmt.txt', (path) => (path === 'fmt.txt' ? 'csv' : ''))).toBe(
    findPreset('csv')?.template,
  );
  expect(resolveFormat('@fmt.txt', () => '$context.requestId\n')).toBe('$context.requestId\n');
});

test('unknown names and @file without a reader are errors', () => {
  expect(() => resolveFormat('apache')).toThrow(FormatResolutionError);
  expect(() => resolveFormat('@fmt.txt')).toThrow(/reader/);
});

test('templates are named by preset id, ignoring a trailing newline', () => {
  expect(formatIdForTemplate(`${findPreset('json')?.template}\n`)).toBe('json');
  expect(formatIdForTemplate('$context.requestId')).toBe('custom');
});
