import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { sanitizeCallbackUrl } from '@/lib/auth/callback-url';
import { describeSignInError } from '@/lib/auth/sign-in-errors';
import { getAuthConfig } from '@/lib/server/auth/auth-config';
import { getCurrentUser } from '@/lib/server/auth';
import { SignInForm } from './sign-in-form';
import styles from './auth-ui.module.css';

export const metadata: Metadata = { title: 'Sign in · API Gateway access logs' };

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const params = await searchParams;
  const config = getAuthConfig();
  // Only a path on this origin survives: `callbackUrl=https://evil.example` becomes "/".
  const callbackUrl = sanitizeCallbackUrl(firstValue(params.callbackUrl), config.baseUrl);
  if (await getCurrentUser()) redirect(callbackUrl);

  return (
    <section className={`panel ${styles.card}`} aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <p className="muted">
        Access logs hold client addresses and user identifiers: sign in to see them.
      </p>
      <SignInForm
        callbackUrl={callbackUrl}
        localAccounts={config.localAccounts}
        oidcName={config.oidc?.displayName ?? null}
        initialError={describeSignInError(firstValue(params.error))}
      />
    </section>
  );
}
