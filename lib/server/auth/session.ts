import 'server-only';
/**
 * The signed-in user for pages, layouts and server actions. `requireUser()` and `requireAdmin()` are
 * the checks every page and server action makes itself; proxy.ts only redirects early for comfort.
 */
import { cache } from 'react';
import { getServerSession } from 'next-auth/next';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { forbidden, redirect } from 'next/navigation';
import { buildSignInPath, sanitizeCallbackUrl } from '@/lib/auth/callback-url';
import type { Role } from '@/lib/auth/roles';
import { getAuthConfig } from './auth-config';
import { getAuthOptions } from './auth-options';
import { findLocalAccount } from './local-accounts';
import { sessionClaimsSchema, type SessionClaims } from './session-claims';

export interface SessionUser {
  /** Local username, or the verified email (else `oidc:<subject>`) of an OIDC user. */
  username: string;
  /** Display name. */
  name: string;
  role: Role;
  provider: 'local' | 'oidc';
}

/** Header proxy.ts sets to the requested path, so a refused page can send the user back after sign-in. */
export const REQUEST_PATH_HEADER = 'x-request-path';

/**
 * Re-checks a decoded session against the current state: the session's total age, and for local
 * accounts that the user still exists, with the role and password the file holds now.
 */
export async function resolveSessionUser(
  claims: SessionClaims,
  name: string | null | undefined,
  now = Date.now(),
): Promise<SessionUser | null> {
  const config = getAuthConfig();
  if (now / 1000 - claims.authAt > config.sessionMaxAgeSeconds) return null;
  if (claims.provider === 'local') {
    if (!config.localAccounts) return null;
    const account = await findLocalAccount(claims.username);
    if (!account) return null;
    // Reset passwords end older sessions; second precision, since authAt is in seconds.
    if (Math.floor(Date.parse(account.passwordChangedAt) / 1000) > claims.authAt) return null;
    return {
      username: account.username,
      name: account.username,
      role: account.role,
      provider: 'local',
    };
  }
  if (config.oidc === null) return null;
  return {
    username: claims.username,
    name: name || claims.username,
    role: claims.role,
    provider: 'oidc',
  };
}

/** The signed-in user, or null. Cached per request, so layout and page share one look-up. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  // Per-request by nature: at build time this stops prerendering before any configuration is read.
  await connection();
  const session = await getServerSession(getAuthOptions());
  if (!session) return null;
  const claims = sessionClaimsSchema.safeParse((session as { app?: unknown }).app);
  if (!claims.success) return null;
  return resolveSessionUser(claims.data, session.user?.name);
});

async function currentPath(): Promise<string | undefined> {
  const path = (await headers()).get(REQUEST_PATH_HEADER);
  if (!path) return undefined;
  return sanitizeCallbackUrl(path, 'http://localhost');
}

/** The signed-in user; without one, redirects to sign-in (and back here afterwards). */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(buildSignInPath(await currentPath()));
  return user;
}

/** The signed-in admin; a viewer gets 403 (forbidden), no session a redirect to sign-in. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== 'admin') forbidden();
  return user;
}
