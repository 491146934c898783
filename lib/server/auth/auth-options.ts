import 'server-only';
/**
 * next-auth (v4) configuration: local accounts (Credentials) and one generic OpenID Connect provider,
 * JWT sessions (the Credentials provider requires them), and callbacks that map roles, refuse unknown
 * OIDC users, keep redirects on this origin and write the audit log.
 */
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { sanitizeCallbackUrl } from '@/lib/auth/callback-url';
import { clientIpFromForwardedFor } from '@/lib/auth/client-ip';
import { mapOidcRole, readVerifiedEmail, type Claims } from '@/lib/auth/roles';
import { getAuthConfig, type AuthConfig, type OidcConfig } from './auth-config';
import { recordAuditEventSafely } from './audit-log';
import { authenticateLocalAccount } from './local-accounts';
import { sessionClaimsSchema } from './session-claims';

export const LOCAL_PROVIDER_ID = 'local';
export const OIDC_PROVIDER_ID = 'oidc';
export const DENIED_PATH = '/denied';

interface RequestFacts {
  /** The client address, for the audit log of OIDC sign-ins (Credentials sees the request itself). */
  ip: string;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function oidcProvider(oidc: OidcConfig): OAuthConfig<Claims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: oidc.displayName,
    type: 'oauth',
    wellKnown: `${oidc.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: oidc.scope } },
    // Groups are in the ID token at Cognito, Okta, Entra ID and Keycloak; userinfo often lacks them.
    idToken: true,
    checks: ['pkce', 'state'],
    profile(claims) {
      const sub = String(claims.sub);
      const email = typeof claims.email === 'string' ? claims.email : null;
      const name =
        [claims.name, claims.preferred_username, email].find(
          (v): v is string => typeof v === 'string' && v !== '',
        ) ?? sub;
      return { id: sub, name, email };
    },
  };
}

/** The options for one request; `getServerSession` uses them with the request facts left unknown. */
export function buildAuthOptions(
  config: AuthConfig,
  facts: RequestFacts = { ip: 'unknown' },
): NextAuthOptions {
  const providers: NextAuthOptions['providers'] = [];
  if (config.localAccounts) {
    providers.push(
      CredentialsProvider({
        id: LOCAL_PROVIDER_ID,
        name: 'Local account',
        credentials: {
          username: { label: 'Username', type: 'text' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          const ip = clientIpFromForwardedFor(
            headerValue(req.headers, 'x-forwarded-for'),
            config.trustedProxyHops,
          );
          const username = credentials?.username ?? '';
          const password = credentials?.password ?? '';
          if (username === '' || password === '' || username.length > 256 || password.length > 1024)
            return null;
          const account = await authenticateLocalAccount({ username, password, ip });
          if (!account) return null;
          await recordAuditEventSafely({
            action: 'signin.success',
            actor: account.username,
            ip,
            detail: { method: 'local' },
          });
          return { id: account.username, name: account.username, email: null, role: account.role };
        },
      }),
    );
  }
  if (config.oidc) providers.push(oidcProvider(config.oidc));
  const oidcPolicy = config.oidc?.policy;

  return {
    secret: config.secret,
    providers,
    session: { strategy: 'jwt', maxAge: config.sessionMaxAgeSeconds },
    jwt: { maxAge: config.sessionMaxAgeSeconds },
    useSecureCookies: config.secureCookies,
    pages: { signIn: '/signin', error: '/signin', signOut: '/signout' },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const claims = (profile ?? {}) as Claims;
        const role = oidcPolicy ? mapOidcRole(claims, oidcPolicy) : null;
        const actor = readVerifiedEmail(claims) ?? `oidc:${user.id}`;
        if (role === null) {
          await recordAuditEventSafely({
            action: 'signin.refused',
            actor,
            ip: facts.ip,
            detail: { method: 'oidc', reason: 'no role for this user', subject: String(user.id) },
          });
          return DENIED_PATH;
        }
        await recordAuditEventSafely({
          action: 'signin.success',
          actor,
          ip: facts.ip,
          detail: { method: 'oidc', role },
        });
        return true;
      },
      async jwt({ token, user, account, profile }) {
        if (!account) return token;
        // First call after sign-in: fix who this is and how they signed in. Later calls keep it.
        const now = Math.floor(Date.now() / 1000);
        if (account.provider === LOCAL_PROVIDER_ID) {
          const role = (user as { role?: unknown }).role;
          return { ...token, username: user.id, provider: LOCAL_PROVIDER_ID, role, authAt: now };
        }
        const claims = (profile ?? {}) as Claims;
        const role = oidcPolicy ? mapOidcRole(claims, oidcPolicy) : null;
        const username = readVerifiedEmail(claims) ?? `oidc:${user.id}`;
        return { ...token, username, provider: OIDC_PROVIDER_ID, role, authAt: now, sub: user.id };
      },
      async session({ session, token }) {
        const parsed = sessionClaimsSchema.safeParse(token);
        // Unknown shape (a token from an older version): no user; requireUser() then sends to sign-in.
        if (!parsed.success) return { expires: session.expires };
        return {
          expires: session.expires,
          user: {
            name: session.user?.name ?? parsed.data.username,
            email: session.user?.email ?? null,
          },
          app: parsed.data,
        };
      },
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${sanitizeCallbackUrl(url, baseUrl)}`;
      },
    },
    events: {
      async signOut({ token }) {
        const parsed = sessionClaimsSchema.safeParse(token);
        if (parsed.success) {
          await recordAuditEventSafely({
            action: 'signout',
            actor: parsed.data.username,
            ip: facts.ip,
          });
        }
      },
    },
  };
}

/** Options for getServerSession: the configuration is read once per process. */
export function getAuthOptions(): NextAuthOptions {
  return buildAuthOptions(getAuthConfig());
}
