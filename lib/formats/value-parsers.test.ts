import { test, expect } from 'vitest';
import { parseEpoch, parseNumber, parseRequestTime, parseRequestTimeAt } from './value-parsers';

test.each([
  ['05/Apr/2022:23:43:16 +0000', Date.UTC(2022, 3, 5, 23, 43, 16)],
  ['01/Nov/2019:02:13:45 +0000', Date.UTC(2019, 10, 1, 2, 13, 45)],
  ['05/Apr/2022:23:43:16 +0530', Date.UTC(2022, 3, 5, 18, 13, 16)],
  ['31/Dec/2021:22:00:00 -0700', Date.UTC(2022, 0, 1, 5, 0, 0)],
  ['29/Feb/2024:00:00:00 +0000', Date.UTC(2024, 1, 29)],
])('requestTime %s is one UTC instant', (text, expected) => {
  expect(parseRequestTime(text)).toBe(expected);
});

test.each([
  '-',
  '',
  '31/Feb/2023:00:00:00 +0000',
  '05/Foo/2022:23:43:16 +0000',
  '05/Apr/2022:24:00:00 +0000',
  '05/Apr/2022 23:43:16 +0000',
  '05/Apr/2022:23:43:16 0000',
  '05/Apr/2022:23:43:16 +0000 ',
])('requestTime %j is null, not a wrong time', (text) => {
  expect(parseRequestTime(text)).toBeNull();
});

test('the day cache does not leak between different dates', () => {
  const text = 'x01/Jan/2024:00:00:01 +0000|02/Jan/2024:00:00:01 +0000';
  expect(parseRequestTimeAt(text, 1, 27)).toBe(Date.UTC(2024, 0, 1, 0, 0, 1));
  expect(parseRequestTimeAt(text, 28, 54)).toBe(Date.UTC(2024, 0, 2, 0, 0, 1));
  expect(parseRequestTimeAt(text, 1, 27)).toBe(Date.UTC(2024, 0, 1, 0, 0, 1));
});

test('a cached date never answers for a time one character away from it', () => {
  const base = '05/Apr/2022:23:43:16 +0530';
  const baseMs = Date.UTC(2022, 3, 5, 18, 13, 16);
  expect(parseRequestTime(base)).toBe(baseMs);
  // Same minute, other seconds; then one character changed anywhere: never a stale answer.
  expect(parseRequestTime('05/Apr/2022:23:43:59 +0530')).toBe(Date.UTC(2022, 3, 5, 18, 13, 59));
  expect(parseRequestTime('05/Apr/2022:23:43:61 +0530')).toBeNull();
  expect(parseRequestTime('05/Apr/2022:23:43:1x +0530')).toBeNull();
  expect(parseRequestTime('05/Apr/2022:23:43/16 +0530')).toBeNull();
  expect(parseRequestTime('05/Apr/2022:23:43:16 -0530')).toBe(Date.UTC(2022, 3, 6, 5, 13, 16));
  expect(parseRequestTime('05/Apr/2022:23:43:16 +0000')).toBe(Date.UTC(2022, 3, 5, 23, 43, 16));
  for (let i = 0; i < base.length; i++) {
    if (i === 18 || i === 19) continue;
    expect(parseRequestTime(base)).toBe(baseMs);
    for (const c of ['0', '9', 'x', ' ']) {
      const changed = base.slice(0, i) + c + base.slice(i + 1);
      if (changed === base) continue;
      const cached = parseRequestTime(changed);
      // Compare with the same text parsed right after an unrelated time (cache primed elsewhere).
      parseRequestTime('01/Jan/2000:00:00:00 +0000');
      expect(parseRequestTime(changed)).toBe(cached);
    }
  }
});

test.each([
  ['200', 200],
  ['0', 0],
  ['1.5', 1.5],
  ['-3', -3],
  ['-', null],
  ['', null],
  ['12a', null],
  ['0x1f', null],
  [' 1', null],
  ['Infinity', null],
  ['123456789012345678', 123456789012345678],
])('number %j -> %j (missing is null, never 0)', (text, expected) => {
  expect(parseNumber(text)).toBe(expected);
});

test('requestTimeEpoch: milliseconds, seconds accepted, nonsense rejected', () => {
  expect(parseEpoch('1700000000123')).toBe(1700000000123);
  expect(parseEpoch('1700000000')).toBe(1700000000000);
  expect(parseEpoch('-')).toBeNull();
  expect(parseEpoch('-5')).toBeNull();
  expect(parseEpoch('99999999999999999999')).toBeNull();
});
