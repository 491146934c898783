import 'server-only';
/**
 * Failed sign-in counters, per account and per client IP. Kept in this process's memory (on
 * globalThis, so dev reloads keep them): a restart forgets them, and several app replicas would each
 * count separately. That is acceptable for this dashboard's single-process deployment; the bcrypt
 * cost bounds guessing speed regardless.
 */
import { FailureThrottle, type ThrottleVerdict } from '@/lib/auth/throttle';
import { getAuthConfig } from './auth-config';

interface Throttles {
  accounts: FailureThrottle;
  ips: FailureThrottle;
}

const KEY = Symbol.for('apigw-log-dashboard.sign-in-throttles');
type GlobalWithThrottles = typeof globalThis & { [KEY]?: Throttles };

function throttles(): Throttles {
  const g = globalThis as GlobalWithThrottles;
  if (!g[KEY]) {
    const { throttle } = getAuthConfig();
    g[KEY] = {
      accounts: new FailureThrottle(throttle.account),
      ips: new FailureThrottle(throttle.ip),
    };
  }
  return g[KEY];
}

/** Whether a sign-in for this account from this IP may even be attempted now. */
export function checkSignInAllowed(account: string, ip: string, now = Date.now()): ThrottleVerdict {
  const { accounts, ips } = throttles();
  const byAccount = accounts.check(account, now);
  const byIp = ips.check(ip, now);
  if (byAccount.allowed && byIp.allowed) return { allowed: true };
  const waits = [byAccount, byIp].flatMap((v) => (v.allowed ? [] : [v.retryAfterMs]));
  return { allowed: false, retryAfterMs: Math.max(...waits) };
}

export function recordSignInFailure(account: string, ip: string, now = Date.now()): void {
  const { accounts, ips } = throttles();
  accounts.recordFailure(account, now);
  ips.recordFailure(ip, now);
}

/** A success clears the account's count; the IP's stays, so one valid login cannot launder spraying. */
export function recordSignInSuccess(account: string): void {
  throttles().accounts.recordSuccess(account);
}

/** Tests only: forget every counter. */
export function resetSignInThrottles(): void {
  const g = globalThis as GlobalWithThrottles;
  delete g[KEY];
}
