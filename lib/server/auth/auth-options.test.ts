import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Account, Profile, User } from 'next-auth';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { addAccount } from '@/lib/auth/accounts';
import { usersFilePath } from '@/lib/auth/users-file';
import { listAuditEvents } from './audit-log';
import { parseAuthEnv } from './auth-config';
import { closeAuthDbs } from './auth-db';
import { buildAuthOptions, DENIED_PATH } from './auth-options';
import { resetSignInThrottles } from './sign-in-throttle';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'auth-options-'));
vi.stubEnv('DATA_DIR', dataDir);
vi.stubEnv('LOG_BUCKET', 'demo-bucket');
vi.stubEnv('AWS_REGION', 'us-east-1');
vi.stubEnv('NEXTAUTH_SECRET', 'x'.repeat(32));
vi.stubEnv('NEXTAUTH_URL', 'https://logs.example.com');

const config = parseAuthEnv({
  NEXTAUTH_SECRET: 'x'.repeat(32),
  NEXTAUTH_URL: 'https://logs.example.com',
  OIDC_ISSUER: 'https://idp.example.com',
  OIDC_CLIENT_ID: 'dashboard',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_ADMIN_GROUPS: 'log-admins',
  OIDC_VIEWER_GROUPS: 'log-viewers',
});
const options = buildAuthOptions(config, { ip: '198.51.100.4' });
const callbacks = options.callbacks!;

// next-auth merges a provider's `options` (our id, authorize) over its defaults when it starts.
const providerId = (p: (typeof options.providers)[number]) =>
  (p as { options?: { id?: string } }).options?.id ?? p.id;

function localAuthorize() {
  const provider = options.providers.find((p) => providerId(p) === 'local') as CredentialsConfig & {
    options: Pick<CredentialsConfig, 'authorize'>;
  };
  return (username: string, password: string, ip = '192.0.2.10') =>
    provider.options.authorize(
      { username, password },
      {
        headers: { 'x-forwarded-for': ip },
        body: {},
        query: {},
        method: 'POST',
      },
    );
}

beforeAll(async () => {
  await addAccount(usersFilePath(dataDir), {
    username: 'vera',
    role: 'viewer',
    password: 'vera password 1',
  });
});
afterAll(closeAuthDbs);

test('cookies are Secure behind https and sessions are JWTs bounded by SESSION_MAX_AGE', () => {
  expect(options.useSecureCookies).toBe(true);
  expect(options.session).toEqual({ strategy: 'jwt', maxAge: 28_800 });
  expect(options.providers.map(providerId)).toEqual(['local', 'oidc']);
  const oidc = options.providers[1] as unknown as {
    wellKnown: string;
    checks: string[];
    idToken: boolean;
  };
  expect(oidc.wellKnown).toBe('https://idp.example.com/.well-known/openid-configuration');
  expect(oidc.checks).toEqual(['pkce', 'state']);
  expect(oidc.idToken).toBe(true);
});

test('redirects after sign-in stay on this origin', async () => {
  const baseUrl = 'https://logs.example.com';
  expect(await callbacks.redirect!({ url: 'https://evil.example/x', baseUrl })).toBe(`${baseUrl}/`);
  expect(await callbacks.redirect!({ url: '//evil.example', baseUrl })).toBe(`${baseUrl}/`);
  expect(await callbacks.redirect!({ url: '/objects?x=1', baseUrl })).toBe(
    `${baseUrl}/objects?x=1`,
  );
});

test('OIDC users without a mapped role are sent to the denied page, and the refusal is audited', async () => {
  const user: User = { id: 'sub-123', email: 'mallory@example.com' };
  const account = { provider: 'oidc', type: 'oauth', providerAccountId: 'sub-123' } as Account;
  const refused = await callbacks.signIn!({
    user,
    account,
    profile: { sub: 'sub-123', email: 'mallory@example.com', groups: ['marketing'] } as Profile,
  });
  expect(refused).toBe(DENIED_PATH);
  const allowed = await callbacks.signIn!({
    user,
    account,
    profile: { sub: 'sub-123', email: 'mallory@example.com', groups: ['log-viewers'] } as Profile,
  });
  expect(allowed).toBe(true);
  const { events } = await listAuditEvents({ dataDir });
  expect(events.slice(0, 2).map((e) => [e.action, e.actor, e.ip])).toEqual([
    ['signin.success', 'mallory@example.com', '198.51.100.4'],
    ['signin.refused', 'mallory@example.com', '198.51.100.4'],
  ]);
});

test('the JWT records who signed in, how, with which role and when', async () => {
  const token = await callbacks.jwt!({
    token: { sub: 'sub-9' },
    user: { id: 'sub-9', email: 'ada@example.com' },
    account: { provider: 'oidc', type: 'oauth', providerAccountId: 'sub-9' } as Account,
    profile: { sub: 'sub-9', email: 'ada@example.com', groups: ['log-admins'] } as Profile,
  });
  expect(token).toMatchObject({ username: 'ada@example.com', provider: 'oidc', role: 'admin' });
  expect(Math.abs(Number(token.authAt) - Date.now() / 1000)).toBeLessThan(5);
  const later = await callbacks.jwt!({ token, user: undefined as unknown as User, account: null });
  expect(later).toEqual(token);
});

test('local sign-in: right password, wrong password, then throttled with a retry time', async () => {
  resetSignInThrottles();
  const authorize = localAuthorize();
  expect(await authorize('Vera', 'vera password 1')).toEqual({
    id: 'vera',
    name: 'vera',
    email: null,
    role: 'viewer',
  });
  for (let i = 0; i < 5; i++) expect(await authorize('vera', `wrong password ${i}`)).toBeNull();
  // Now locked: even the right password is not checked.
  await expect(authorize('vera', 'vera password 1')).rejects.toThrow(/^Throttled:1 minute$/);
  // Another account from another address is unaffected.
  expect(await authorize('nobody', 'whatever pass', '192.0.2.99')).toBeNull();
  const { events } = await listAuditEvents({ dataDir, pageSize: 10 });
  expect(events.map((e) => e.action)).toEqual(
    expect.arrayContaining(['signin.throttled', 'signin.failure', 'signin.success']),
  );
  expect(
    events.find((e) => e.action === 'signin.failure' && e.actor === 'nobody')?.detail,
  ).toMatchObject({
    reason: 'unknown user',
  });
});

test('per-IP throttling stops spraying many accounts from one address', async () => {
  resetSignInThrottles();
  const authorize = localAuthorize();
  for (let i = 0; i < 20; i++)
    expect(await authorize(`guess${i}`, 'password guess', '203.0.113.50')).toBeNull();
  await expect(authorize('vera', 'vera password 1', '203.0.113.50')).rejects.toThrow(
    /^Throttled:5 minutes$/,
  );
  expect(await authorize('vera', 'vera password 1', '203.0.113.51')).toMatchObject({ id: 'vera' });
}, 60_000);
