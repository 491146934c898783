import { test, expect } from 'vitest';
import { UsageError, parseLogsArgs } from './parse-cli-args';

test('parse takes --format, --rejects and paths in any order', () => {
  expect(parseLogsArgs(['parse', 'a.gz', '--format', 'clf', 'dir', '--rejects'])).toEqual({
    command: 'parse',
    format: 'clf',
    rejects: true,
    paths: ['a.gz', 'dir'],
  });
  expect(parseLogsArgs(['parse', '--format=@fmt.txt', '--', '--odd-name'])).toMatchObject({
    format: '@fmt.txt',
    paths: ['--odd-name'],
  });
  expect(parseLogsArgs(['parse', 'x'])).toMatchObject({ format: null, rejects: false });
});

test.each([
  [[]],
  [['parse']],
  [['parse', '--format']],
  [['parse', '--format', 'clf', '--format', 'json', 'x']],
  [['parse', '--bogus', 'x']],
  [['frobnicate']],
  [['detect']],
  [['detect', 'a', 'b']],
])('usage error for %j', (argv) => {
  expect(() => parseLogsArgs(argv)).toThrow(UsageError);
});

test('detect and help', () => {
  expect(parseLogsArgs(['detect', 'a.gz'])).toEqual({ command: 'detect', path: 'a.gz' });
  expect(parseLogsArgs(['--help'])).toEqual({ command: 'help' });
});
