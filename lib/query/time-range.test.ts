import { expect, test } from 'vitest';
import { parseInstant, parseRelativeDuration, resolveTimeRange } from './time-range';

test('relative durations', () => {
  expect(parseRelativeDuration('15m')).toBe(900_000);
  expect(parseRelativeDuration('24h')).toBe(86_400_000);
  expect(parseRelativeDuration('7d')).toBe(7 * 86_400_000);
  for (const bad of ['0m', '1w', '-1h', '1.5h', 'h', '91d', ''])
    expect(parseRelativeDuration(bad), bad).toBeNull();
});

test('a relative range resolves against the given now, every time', () => {
  const range = { kind: 'relative', last: '1h' } as const;
  expect(resolveTimeRange(range, 10_000_000)).toEqual({
    from: 10_000_000 - 3_600_000,
    to: 10_000_000,
  });
  expect(resolveTimeRange(range, 20_000_000).to).toBe(20_000_000);
});

test('instants: ISO with or without zone (UTC), epoch ms', () => {
  expect(parseInstant('2024-05-01T10:00:00Z')).toBe(Date.UTC(2024, 4, 1, 10));
  expect(parseInstant('2024-05-01T10:00:00')).toBe(Date.UTC(2024, 4, 1, 10));
  expect(parseInstant('2024-05-01T12:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 10));
  expect(parseInstant('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
  expect(parseInstant('1714557600000')).toBe(1714557600000);
  for (const bad of ['yesterday', '2024-13-01T00:00:00Z', '05/01/2024', ''])
    expect(parseInstant(bad), bad).toBeNull();
});
