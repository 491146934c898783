/**
 * Which paths need what, for proxy.ts's early redirects. This is convenience only: every page,
 * route handler and server action checks the session and role itself (lib/server/auth).
 */

export type PathAccess = 'public' | 'user' | 'admin';

/** Reachable without a session: the sign-in flow itself, the refusal page, and the health probe. */
const PUBLIC_PREFIXES = ['/signin', '/signout', '/denied', '/api/auth', '/api/health'];
const ADMIN_PREFIXES = ['/settings', '/admin', '/api/settings', '/api/admin'];

function matchesPrefix(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export function classifyPath(pathname: string): PathAccess {
  if (PUBLIC_PREFIXES.some((p) => matchesPrefix(pathname, p))) return 'public';
  if (ADMIN_PREFIXES.some((p) => matchesPrefix(pathname, p))) return 'admin';
  return 'user';
}

export function isApiPath(pathname: string): boolean {
  return matchesPrefix(pathname, '/api');
}
