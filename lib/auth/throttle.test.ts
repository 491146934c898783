import { expect, test } from 'vitest';
import { describeRetryAfter, FailureThrottle, type ThrottlePolicy } from './throttle';

const policy: ThrottlePolicy = {
  maxFailures: 3,
  windowMs: 60_000,
  lockMs: 10_000,
  maxLockMs: 35_000,
};

test('locks after the budget of failures and unlocks after the lock time', () => {
  const t = new FailureThrottle(policy);
  expect(t.recordFailure('alice', 0)).toEqual({ allowed: true });
  expect(t.recordFailure('alice', 1000)).toEqual({ allowed: true });
  expect(t.recordFailure('alice', 2000)).toEqual({ allowed: false, retryAfterMs: 10_000 });
  expect(t.check('alice', 11_999)).toEqual({ allowed: false, retryAfterMs: 1 });
  expect(t.check('alice', 12_000)).toEqual({ allowed: true });
  expect(t.check('bob', 2000)).toEqual({ allowed: true });
});

test('failures right after a lock double it, up to the cap', () => {
  const t = new FailureThrottle(policy);
  for (const at of [0, 1, 2]) t.recordFailure('k', at);
  expect(t.recordFailure('k', 10_002)).toEqual({ allowed: false, retryAfterMs: 20_000 });
  expect(t.recordFailure('k', 30_002)).toEqual({ allowed: false, retryAfterMs: 35_000 });
});

test('failures older than the window stop counting, and the lock count resets', () => {
  const t = new FailureThrottle(policy);
  for (const at of [0, 1, 2]) t.recordFailure('k', at);
  expect(t.recordFailure('k', 100_000)).toEqual({ allowed: true });
  expect(t.recordFailure('k', 100_001)).toEqual({ allowed: true });
  expect(t.recordFailure('k', 100_002)).toEqual({ allowed: false, retryAfterMs: 10_000 });
});

test('a success clears the key', () => {
  const t = new FailureThrottle(policy);
  t.recordFailure('k', 0);
  t.recordFailure('k', 1);
  t.recordSuccess('k');
  expect(t.recordFailure('k', 2)).toEqual({ allowed: true });
  expect(t.recordFailure('k', 3)).toEqual({ allowed: true });
});

test('memory stays bounded under a flood of distinct keys, keeping locked ones longest', () => {
  const t = new FailureThrottle(policy, 100);
  for (const at of [0, 1, 2]) t.recordFailure('victim', at);
  for (let i = 0; i < 1000; i++) t.recordFailure(`random-${i}`, 3 + i);
  expect(t.size).toBeLessThanOrEqual(100);
});

test('retry-after is described rounded up', () => {
  expect(describeRetryAfter(1)).toBe('1 second');
  expect(describeRetryAfter(58_001)).toBe('59 seconds');
  expect(describeRetryAfter(59_001)).toBe('1 minute');
  expect(describeRetryAfter(60_001)).toBe('2 minutes');
});
