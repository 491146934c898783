import 'server-only';
/**
 * Sign-in configuration from environment variables, validated once on first use. A bad or missing
 * variable fails with a ConfigError that names it (the same error lib/env.ts raises).
 */
import { z } from 'zod';
import { ConfigError } from '@/lib/env';
import { splitList, type OidcRolePolicy } from '@/lib/auth/roles';
import { ACCOUNT_POLICY, IP_POLICY, type ThrottlePolicy } from '@/lib/auth/throttle';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1')
    .optional()
    .transform((v) => v ?? fallback);

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    )
    .optional()
    .transform((v) => v ?? fallback);

export const authEnvSchema = z.object({
  NEXTAUTH_SECRET: optionalString,
  AUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  LOCAL_ACCOUNTS: flag(true),
  OIDC_ISSUER: optionalString,
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_DISPLAY_NAME: optionalString,
  OIDC_SCOPE: optionalString,
  OIDC_GROUPS_CLAIM: optionalString,
  OIDC_ADMIN_GROUPS: optionalString,
  OIDC_VIEWER_GROUPS: optionalString,
  OIDC_ADMIN_EMAILS: optionalString,
  OIDC_VIEWER_EMAILS: optionalString,
  /** Seconds a session lasts from sign-in; default 8 hours (a working day). */
  SESSION_MAX_AGE: integer(8 * 3600, 300, 30 * 24 * 3600),
  AUTH_TRUSTED_PROXY_HOPS: integer(1, 1, 10),
  /** Failed sign-ins allowed per account / per client IP in 15 minutes before a temporary lock. */
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: integer(ACCOUNT_POLICY.maxFailures, 1, 1000),
  SIGNIN_MAX_FAILURES_PER_IP: integer(IP_POLICY.maxFailures, 1, 100_000),
});

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  scope: string;
  policy: OidcRolePolicy;
}

export interface AuthConfig {
  secret: string;
  /** The app's public origin, e.g. https://logs.example.com (no trailing slash). */
  baseUrl: string;
  /** Cookies get `Secure` (and the `__Secure-` prefix) when the app is served over HTTPS. */
  secureCookies: boolean;
  localAccounts: boolean;
  oidc: OidcConfig | null;
  sessionMaxAgeSeconds: number;
  trustedProxyHops: number;
  throttle: { account: ThrottlePolicy; ip: ThrottlePolicy };
}

/** Pure: validates a variables map; throws ConfigError naming every bad variable. */
export function parseAuthEnv(source: Record<string, string | undefined>): AuthConfig {
  const result = authEnvSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(
        (issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`,
      ),
    );
  }
  const v = result.data;
  const problems: string[] = [];

  const secret = v.NEXTAUTH_SECRET ?? v.AUTH_SECRET;
  if (secret === undefined) {
    problems.push(
      'NEXTAUTH_SECRET is required (or AUTH_SECRET): a random string of 32+ characters, e.g. `openssl rand -base64 32`',
    );
  } else if (secret.length < 32) {
    problems.push(
      `${v.NEXTAUTH_SECRET ? 'NEXTAUTH_SECRET' : 'AUTH_SECRET'} must be at least 32 characters`,
    );
  }

  let baseUrl = '';
  if (v.NEXTAUTH_URL === undefined) {
    problems.push(
      'NEXTAUTH_URL is required: the address users open, e.g. https://logs.example.com',
    );
  } else {
    const url = URL.canParse(v.NEXTAUTH_URL) ? new URL(v.NEXTAUTH_URL) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      problems.push('NEXTAUTH_URL must be an http(s) URL such as https://logs.example.com');
    } else if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
      problems.push('NEXTAUTH_URL must be an origin only (no path), e.g. https://logs.example.com');
    } else {
      baseUrl = url.origin;
    }
  }

  const oidcVars = {
    OIDC_ISSUER: v.OIDC_ISSUER,
    OIDC_CLIENT_ID: v.OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET: v.OIDC_CLIENT_SECRET,
  };
  const given = Object.entries(oidcVars).filter(([, value]) => value !== undefined);
  let oidc: OidcConfig | null = null;
  if (given.length > 0 && given.length < 3) {
    const missing = Object.keys(oidcVars).filter(
      (k) => oidcVars[k as keyof typeof oidcVars] === undefined,
    );
    problems.push(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required when ${given.map(([k]) => k).join(', ')} ${given.length === 1 ? 'is' : 'are'} set`,
    );
  } else if (v.OIDC_ISSUER && v.OIDC_CLIENT_ID && v.OIDC_CLIENT_SECRET) {
    if (!URL.canParse(v.OIDC_ISSUER) || !/^https?:$/.test(new URL(v.OIDC_ISSUER).protocol)) {
      problems.push(
        'OIDC_ISSUER must be the issuer URL, e.g. https://login.example.com/realms/main',
      );
    }
    const policy: OidcRolePolicy = {
      groupsClaim: v.OIDC_GROUPS_CLAIM ?? 'groups',
      adminGroups: splitList(v.OIDC_ADMIN_GROUPS),
      viewerGroups: splitList(v.OIDC_VIEWER_GROUPS),
      adminEmails: splitList(v.OIDC_ADMIN_EMAILS).map((e) => e.toLowerCase()),
      viewerEmails: splitList(v.OIDC_VIEWER_EMAILS).map((e) => e.toLowerCase()),
    };
    const lists = [
      policy.adminGroups,
      policy.viewerGroups,
      policy.adminEmails,
      policy.viewerEmails,
    ];
    if (lists.every((list) => list.length === 0)) {
      problems.push(
        'OIDC_ADMIN_GROUPS, OIDC_VIEWER_GROUPS, OIDC_ADMIN_EMAILS or OIDC_VIEWER_EMAILS must list someone: with none set, every OIDC user would be refused',
      );
    }
    oidc = {
      issuer: v.OIDC_ISSUER.replace(/\/+$/, ''),
      clientId: v.OIDC_CLIENT_ID,
      clientSecret: v.OIDC_CLIENT_SECRET,
      displayName: v.OIDC_DISPLAY_NAME ?? 'single sign-on',
      scope: v.OIDC_SCOPE ?? 'openid email profile',
      policy,
    };
  }

  if (!v.LOCAL_ACCOUNTS && oidc === null) {
    problems.push('LOCAL_ACCOUNTS is false and OIDC_ISSUER is not set: nobody could sign in');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    secret: secret as string,
    baseUrl,
    secureCookies: baseUrl.startsWith('https:'),
    localAccounts: v.LOCAL_ACCOUNTS,
    oidc,
    sessionMaxAgeSeconds: v.SESSION_MAX_AGE,
    trustedProxyHops: v.AUTH_TRUSTED_PROXY_HOPS,
    throttle: {
      account: { ...ACCOUNT_POLICY, maxFailures: v.SIGNIN_MAX_FAILURES_PER_ACCOUNT },
      ip: { ...IP_POLICY, maxFailures: v.SIGNIN_MAX_FAILURES_PER_IP },
    },
  };
}

let cached: AuthConfig | undefined;

/** The process's sign-in configuration, validated on first use. */
export function getAuthConfig(): AuthConfig {
  cached ??= parseAuthEnv(process.env);
  return cached;
}
