import 'server-only';
import { expect, test } from 'vitest';
import {
  arrivalTimeFromKey,
  expandPrefixForHour,
  formatHourPattern,
  hoursForRange,
  isErrorOutputKey,
  prefixesForHours,
} from './prefix-template';

const HOUR = 3_600_000;
const T = Date.UTC(2024, 0, 5, 7); // 2024-01-05T07:00Z

test('the default layout is yyyy/MM/dd/HH/ (UTC)', () => {
  expect(expandPrefixForHour('', T)).toBe('2024/01/05/07/');
  expect(expandPrefixForHour('logs/', T)).toBe('logs/2024/01/05/07/');
});

test('timestamp expressions take Java date patterns', () => {
  const template =
    'api/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/';
  expect(expandPrefixForHour(template, T)).toBe('api/year=2024/month=01/day=05/hour=07/');
  expect(expandPrefixForHour("!{timestamp:yyyy-MM-dd'T'HH}/", T)).toBe('2024-01-05T07/');
  expect(formatHourPattern('yy/M/d/H', T)).toBe('24/1/5/7');
});

test('what cannot be expanded per hour ends the prefix there', () => {
  expect(expandPrefixForHour('a/!{firehose:random-string}/!{timestamp:yyyy}/', T)).toBe('a/');
  expect(expandPrefixForHour('a/!{timestamp:yyyy}/!{timestamp:mm}/', T)).toBe('a/2024/');
  expect(expandPrefixForHour('err/!{firehose:error-output-type}/', T)).toBe('err/');
});

test('a range covers its hours plus one neighbour on each side', () => {
  expect(hoursForRange(T + 10 * 60_000, T + 50 * 60_000)).toEqual([T - HOUR, T, T + HOUR]);
  expect(hoursForRange(T, T + HOUR)).toEqual([T - HOUR, T, T + HOUR]);
  expect(hoursForRange(T, T + 2 * HOUR + 1)).toEqual([
    T - HOUR,
    T,
    T + HOUR,
    T + 2 * HOUR,
    T + 3 * HOUR,
  ]);
});

test('hours sharing a prefix (day-level templates) are listed once', () => {
  const prefixes = prefixesForHours('d/!{timestamp:yyyy/MM/dd}/', [T, T + HOUR, T + 20 * HOUR]);
  expect([...prefixes.entries()]).toEqual([
    ['d/2024/01/05/', [T, T + HOUR]],
    ['d/2024/01/06/', [T + 20 * HOUR]],
  ]);
});

test('error-output folders are recognised', () => {
  for (const key of [
    'processing-failed/2024/01/x.gz',
    'logs/format-conversion-failed/x',
    'a/splitting-failed/b',
    'errors/x',
    'error-output/x',
  ]) {
    expect(isErrorOutputKey(key), key).toBe(true);
  }
  for (const key of [
    '2024/01/05/07/amazon-apigateway-x-1-2024-01-05-07-00-00-abc.gz',
    'logs/failedlogins/x',
  ]) {
    expect(isErrorOutputKey(key), key).toBe(false);
  }
});

test('arrival time from a Firehose object name', () => {
  expect(
    arrivalTimeFromKey('2024/01/05/07/amazon-apigateway-s-1-2024-01-05-07-59-58-0b1c2d3e-aaaa.gz'),
  ).toBe(Date.UTC(2024, 0, 5, 7, 59, 58));
  expect(arrivalTimeFromKey('2024/01/05/07/some-other-file.gz')).toBeNull();
  expect(arrivalTimeFromKey('x-2024-13-45-07-59-58-abc')).toBeNull();
});
