import { test, expect } from 'vitest';
import fc from 'fast-check';
import {
  formatBucket,
  formatBytes,
  formatCount,
  formatDuration,
  formatMs,
  formatPercent,
  formatTick,
  formatTimestamp,
  fromDateTimeInput,
  toDateTimeInput,
} from './format';

test('numbers', () => {
  expect(formatCount(1234567)).toBe('1,234,567');
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(1536)).toBe('1.50 KiB');
  expect(formatBytes(50 * 1024 * 1024)).toBe('50.0 MiB');
  expect(formatBytes(null)).toBe('–');
  expect(formatMs(0.25)).toBe('0.3 ms');
  expect(formatMs(87.4)).toBe('87 ms');
  expect(formatMs(1250)).toBe('1.25 s');
  expect(formatMs(null)).toBe('–');
  expect(formatPercent(0)).toBe('0%');
  expect(formatPercent(0.0004)).toBe('0.04%');
  expect(formatPercent(0.032)).toBe('3.2%');
  expect(formatPercent(1)).toBe('100%');
});

test('timestamps in UTC', () => {
  const ms = Date.UTC(2024, 4, 1, 9, 5, 7, 30);
  expect(formatTimestamp(ms, 'utc')).toBe('2024-05-01 09:05:07.030');
  expect(formatTimestamp(null, 'utc')).toBe('–');
  expect(formatTick(ms, 'utc', 3_600_000, 60_000)).toBe('09:05');
  expect(formatTick(ms, 'utc', 3_600_000, 10_000)).toBe('09:05:07');
  expect(formatTick(ms, 'utc', 7 * 86_400_000, 3_600_000)).toBe('05-01 09:05');
});

test('datetime-local values round-trip to the minute in both zones', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 4_102_444_800_000 }),
      fc.constantFrom('utc', 'local' as const),
      (ms, tz) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        expect(fromDateTimeInput(toDateTimeInput(minute, tz), tz)).toBe(minute);
      },
    ),
  );
  expect(fromDateTimeInput('2024-05-01T10:00', 'utc')).toBe(Date.UTC(2024, 4, 1, 10));
  expect(fromDateTimeInput('garbage', 'utc')).toBeNull();
});

test('durations and bucket widths in words', () => {
  expect(formatDuration(15 * 60_000)).toBe('15 min');
  expect(formatDuration(90 * 60_000)).toBe('1 h 30 min');
  expect(formatDuration(7 * 86_400_000)).toBe('7 d');
  expect(formatBucket(10_000)).toBe('10 s');
  expect(formatBucket(300_000)).toBe('5 min');
  expect(formatBucket(7_200_000)).toBe('2 h');
});
