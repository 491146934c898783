/**
 * Where to send a user after sign-in. Only paths on this app's own origin are accepted, so a crafted
 * `callbackUrl=https://evil.example` (or `//evil.example`, `/\evil.example`, `javascript:`) cannot turn
 * the sign-in page into an open redirect.
 */

export const DEFAULT_AFTER_SIGN_IN = '/';

// Pages that would loop back into sign-in or make no sense to return to.
const NOT_A_DESTINATION = ['/signin', '/signout', '/denied', '/api/auth'];

/**
 * Returns a same-origin path with query and hash (never an absolute URL), or the default.
 * `baseUrl` is the app's public origin (NEXTAUTH_URL).
 */
export function sanitizeCallbackUrl(raw: string | null | undefined, baseUrl: string): string {
  if (typeof raw !== 'string' || raw === '' || raw.length > 2048) return DEFAULT_AFTER_SIGN_IN;
  // Browsers treat backslashes as slashes and drop tabs/newlines, which turns `/\evil.example` or
  // `/\t/evil.example` into a protocol-relative URL; refuse them outright rather than normalise.
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return DEFAULT_AFTER_SIGN_IN;
  let base: URL;
  let target: URL;
  try {
    base = new URL(baseUrl);
    target = new URL(raw, base);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (target.origin !== base.origin) return DEFAULT_AFTER_SIGN_IN;
  if (target.username !== '' || target.password !== '') return DEFAULT_AFTER_SIGN_IN;
  const path = target.pathname;
  if (!path.startsWith('/') || path.startsWith('//')) return DEFAULT_AFTER_SIGN_IN;
  if (NOT_A_DESTINATION.some((p) => path === p || path.startsWith(`${p}/`))) {
    return DEFAULT_AFTER_SIGN_IN;
  }
  return `${path}${target.search}${target.hash}`;
}

/** The sign-in page URL that returns to `returnTo` afterwards. */
export function buildSignInPath(returnTo: string | undefined): string {
  if (returnTo === undefined || returnTo === DEFAULT_AFTER_SIGN_IN) return '/signin';
  return `/signin?callbackUrl=${encodeURIComponent(returnTo)}`;
}
