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
  formatZoneOffset,
  isTimeZone,
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
  expect(formatTimestamp(ms, 'UTC')).toBe('2024-05-01 09:05:07.030');
  expect(formatTimestamp(null, 'UTC')).toBe('–');
  expect(formatTick(ms, 'UTC', 3_600_000, 60_000)).toBe('09:05');
  expect(formatTick(ms, 'UTC', 3_600_000, 10_000)).toBe('09:05:07');
  expect(formatTick(ms, 'UTC', 7 * 86_400_000, 3_600_000)).toBe('05-01 09:05');
});

test('datetime-local values round-trip to the minute in any zone', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 4_102_444_800_000 }),
      fc.constantFrom('UTC', 'Europe/Berlin', 'America/St_Johns', 'Asia/Kolkata'),
      (ms, tz) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        const wall = toDateTimeInput(minute, tz);
        const back = fromDateTimeInput(wall, tz);
        // In the repeated hour after a DST change one wall time names two instants; either
        // shows the same wall time, and outside that hour it is the same instant.
        expect(back !== null && toDateTimeInput(back, tz)).toBe(wall);
        expect(Math.abs((back ?? 0) - minute) <= 3_600_000).toBe(true);
      },
    ),
  );
  expect(fromDateTimeInput('2024-05-01T10:00', 'UTC')).toBe(Date.UTC(2024, 4, 1, 10));
  expect(fromDateTimeInput('garbage', 'UTC')).toBeNull();
});

test('named zones, offsets included', () => {
  const summer = Date.UTC(2024, 6, 1, 12, 0, 0, 5);
  expect(formatTimestamp(summer, 'Europe/Berlin')).toBe('2024-07-01 14:00:00.005');
  expect(formatTimestamp(summer, 'America/St_Johns')).toBe('2024-07-01 09:30:00.005');
  expect(formatZoneOffset(summer, 'Europe/Berlin')).toBe('UTC+2');
  expect(formatZoneOffset(summer, 'America/St_Johns')).toBe('UTC-2:30');
  expect(formatZoneOffset(summer, 'UTC')).toBe('UTC');
  expect(fromDateTimeInput('2024-07-01T14:00', 'Europe/Berlin')).toBe(Date.UTC(2024, 6, 1, 12));
  // Winter time on the other side of a DST change.
  expect(fromDateTimeInput('2024-01-01T14:00', 'Europe/Berlin')).toBe(Date.UTC(2024, 0, 1, 13));
});

test('only real zone names are zones', () => {
  expect(isTimeZone('UTC')).toBe(true);
  expect(isTimeZone('Europe/Berlin')).toBe(true);
  expect(isTimeZone('Mars/Olympus')).toBe(false);
  expect(isTimeZone('<script>')).toBe(false);
  expect(isTimeZone('')).toBe(false);
});

test('durations and bucket widths in words', () => {
  expect(formatDuration(15 * 60_000)).toBe('15 min');
  expect(formatDuration(90 * 60_000)).toBe('1 h 30 min');
  expect(formatDuration(7 * 86_400_000)).toBe('7 d');
  expect(formatBucket(10_000)).toBe('10 s');
  expect(formatBucket(300_000)).toBe('5 min');
  expect(formatBucket(7_200_000)).toBe('2 h');
});
