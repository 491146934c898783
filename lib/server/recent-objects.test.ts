import 'server-only';
import { expect, test } from 'vitest';
import { recentHourStarts } from './recent-objects';

const HOUR = 3_600_000;

test('the object list covers the last day, the current hour and the next one', () => {
  // 23:57 UTC: Firehose, whose clock may run ahead, can already be writing under 00:00.
  const now = Date.UTC(2026, 10, 25, 23, 57);
  const hours = recentHourStarts(now, 24);
  expect(hours[0]).toBe(Date.UTC(2026, 10, 26, 0));
  expect(hours[1]).toBe(Date.UTC(2026, 10, 25, 23));
  expect(hours[hours.length - 1]).toBe(Date.UTC(2026, 10, 24, 23));
  expect(hours).toHaveLength(26);
  hours.slice(1).forEach((hour, i) => expect(hours[i] - hour).toBe(HOUR));
});
