/**
 * Failed sign-in throttling policy. Pure and clock-injected so it can be tested without waiting.
 * Each key (an account name or a client IP) gets a budget of failures in a sliding window; past the
 * budget the key is locked, and every further failure while over budget doubles the lock (capped).
 * Checked before the password is verified, so a locked account does not reveal whether a guess was right.
 */

export interface ThrottlePolicy {
  /** Failures allowed within `windowMs` before the key is locked. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  maxLockMs: number;
}

/** Per account: a handful of typos are fine; guessing is not. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 60_000,
  maxLockMs: 30 * 60_000,
};

/** Per IP: higher, since several people may share an office NAT, but it stops spraying across accounts. */
export const IP_POLICY: ThrottlePolicy = {
  maxFailures: 20,
  windowMs: 15 * 60_000,
  lockMs: 5 * 60_000,
  maxLockMs: 60 * 60_000,
};

interface KeyState {
  failures: number[];
  lockedUntil: number;
  lockCount: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export class FailureThrottle {
  private readonly states = new Map<string, KeyState>();

  constructor(
    private readonly policy: ThrottlePolicy,
    /** Bound on tracked keys, so a flood of random usernames cannot grow memory without limit. */
    private readonly maxKeys = 10_000,
  ) {}

  check(key: string, now: number): ThrottleVerdict {
    const state = this.states.get(key);
    if (!state || state.lockedUntil <= now) return { allowed: true };
    return { allowed: false, retryAfterMs: state.lockedUntil - now };
  }

  recordFailure(key: string, now: number): ThrottleVerdict {
    const state = this.states.get(key) ?? { failures: [], lockedUntil: 0, lockCount: 0 };
    state.failures = state.failures.filter((t) => now - t < this.policy.windowMs);
    state.failures.push(now);
    if (state.failures.length >= this.policy.maxFailures) {
      const lock = Math.min(this.policy.lockMs * 2 ** state.lockCount, this.policy.maxLockMs);
      state.lockedUntil = now + lock;
      state.lockCount += 1;
    } else if (state.failures.length === 1) {
      state.lockCount = 0;
    }
    this.states.delete(key);
    this.states.set(key, state);
    this.evict(now);
    return this.check(key, now);
  }

  recordSuccess(key: string): void {
    this.states.delete(key);
  }

  get size(): number {
    return this.states.size;
  }

  private evict(now: number): void {
    if (this.states.size <= this.maxKeys) return;
    for (const [key, state] of this.states) {
      const quiet =
        state.lockedUntil <= now && state.failures.every((t) => now - t >= this.policy.windowMs);
      if (quiet) this.states.delete(key);
      if (this.states.size <= this.maxKeys) return;
    }
    // Everything is active: drop the oldest entries (Map keeps insertion order, refreshed on update).
    for (const key of this.states.keys()) {
      this.states.delete(key);
      if (this.states.size <= this.maxKeys) return;
    }
  }
}

/** "Try again in 3 minutes." — rounded up, so the user never retries too early. */
export function describeRetryAfter(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
