import { expect, test } from 'vitest';
import { ConfigError } from '@/lib/env';
import { parseAuthEnv } from './auth-config';

const base = { NEXTAUTH_SECRET: 's'.repeat(32), NEXTAUTH_URL: 'http://127.0.0.1:3000' };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseAuthEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

test('defaults: local accounts on, no OIDC, 8-hour sessions, plain cookies over http', () => {
  expect(parseAuthEnv(base)).toEqual({
    secret: 's'.repeat(32),
    baseUrl: 'http://127.0.0.1:3000',
    secureCookies: false,
    localAccounts: true,
    oidc: null,
    sessionMaxAgeSeconds: 28_800,
    trustedProxyHops: 1,
    throttle: {
      account: { maxFailures: 5, windowMs: 900_000, lockMs: 60_000, maxLockMs: 1_800_000 },
      ip: { maxFailures: 20, windowMs: 900_000, lockMs: 300_000, maxLockMs: 3_600_000 },
    },
  });
  expect(parseAuthEnv({ ...base, SIGNIN_MAX_FAILURES_PER_IP: '500' }).throttle.ip.maxFailures).toBe(
    500,
  );
});

test('https NEXTAUTH_URL makes cookies Secure; AUTH_SECRET is accepted instead', () => {
  const config = parseAuthEnv({
    AUTH_SECRET: 'a'.repeat(40),
    NEXTAUTH_URL: 'https://logs.example.com/',
  });
  expect(config.secureCookies).toBe(true);
  expect(config.baseUrl).toBe('https://logs.example.com');
  expect(config.secret).toBe('a'.repeat(40));
});

test('missing and malformed variables are all named at once', () => {
  const problems = problemsOf({
    NEXTAUTH_URL: 'logs.example.com',
    SESSION_MAX_AGE: '10',
    LOCAL_ACCOUNTS: 'yes',
  });
  expect(problems.join('\n')).toMatch(/SESSION_MAX_AGE must be at least 300/);
  expect(problems.join('\n')).toMatch(/LOCAL_ACCOUNTS must be true or false/);
  const second = problemsOf({ NEXTAUTH_URL: 'logs.example.com', NEXTAUTH_SECRET: 'short' });
  expect(second).toEqual([
    'NEXTAUTH_SECRET must be at least 32 characters',
    'NEXTAUTH_URL must be an http(s) URL such as https://logs.example.com',
  ]);
  expect(problemsOf({})).toEqual([
    expect.stringMatching(/^NEXTAUTH_SECRET is required/),
    expect.stringMatching(/^NEXTAUTH_URL is required/),
  ]);
  expect(problemsOf({ ...base, NEXTAUTH_URL: 'https://x.example/app' })).toEqual([
    expect.stringMatching(/NEXTAUTH_URL must be an origin only/),
  ]);
});

test('OIDC needs issuer, client id and secret together, and someone to let in', () => {
  expect(problemsOf({ ...base, OIDC_ISSUER: 'https://idp.example' })).toEqual([
    'OIDC_CLIENT_ID, OIDC_CLIENT_SECRET are required when OIDC_ISSUER is set',
  ]);
  const oidc = {
    ...base,
    OIDC_ISSUER: 'https://idp.example',
    OIDC_CLIENT_ID: 'id',
    OIDC_CLIENT_SECRET: 'secret',
  };
  expect(problemsOf(oidc)).toEqual([expect.stringMatching(/must list someone/)]);
  const config = parseAuthEnv({
    ...oidc,
    OIDC_GROUPS_CLAIM: 'cognito:groups',
    OIDC_ADMIN_GROUPS: 'log-admins, ops',
    OIDC_VIEWER_EMAILS: 'Auditor@Example.com',
    OIDC_DISPLAY_NAME: 'Okta',
  });
  expect(config.oidc).toEqual({
    issuer: 'https://idp.example',
    clientId: 'id',
    clientSecret: 'secret',
    displayName: 'Okta',
    scope: 'openid email profile',
    policy: {
      groupsClaim: 'cognito:groups',
      adminGroups: ['log-admins', 'ops'],
      viewerGroups: [],
      adminEmails: [],
      viewerEmails: ['auditor@example.com'],
    },
  });
});

test('turning local accounts off without OIDC would lock everyone out', () => {
  expect(problemsOf({ ...base, LOCAL_ACCOUNTS: 'false' })).toEqual([
    expect.stringMatching(/LOCAL_ACCOUNTS is false and OIDC_ISSUER is not set/),
  ]);
});
