'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { describeSignInError } from '@/lib/auth/sign-in-errors';
import styles from './auth-ui.module.css';

interface Props {
  /** Already sanitised on the server: a path on this origin. */
  callbackUrl: string;
  localAccounts: boolean;
  oidcName: string | null;
  initialError: string | null;
}

export function SignInForm({ callbackUrl, localAccounts, oidcName, initialError }: Props) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function submitLocal(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('local', {
      redirect: false,
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
      callbackUrl,
    });
    if (!result || result.error || !result.ok) {
      setPending(false);
      setError(describeSignInError(result?.error ?? 'Default'));
      return;
    }
    // A full navigation, so the layout renders with the new session.
    window.location.assign(callbackUrl);
  }

  function startOidc() {
    setPending(true);
    setError(null);
    // next-auth posts (with its CSRF token) and then navigates to the provider with PKCE and state.
    void signIn('oidc', { callbackUrl });
  }

  return (
    <div>
      {error && (
        <p className={styles.error} role="alert" data-testid="signin-error">
          {error}
        </p>
      )}
      {oidcName && (
        <button
          type="button"
          className={`${styles.button} ${styles.primary}`}
          onClick={startOidc}
          disabled={pending}
        >
          Sign in with {oidcName}
        </button>
      )}
      {oidcName && localAccounts && (
        <p className={`muted ${styles.divider}`}>or with a local account</p>
      )}
      {localAccounts && (
        <form onSubmit={submitLocal} className={styles.stack} aria-label="Local account">
          <label>
            Username
            <input
              name="username"
              autoComplete="username"
              required
              maxLength={64}
              autoFocus={!oidcName}
            />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={1024}
            />
          </label>
          <button
            type="submit"
            className={`${styles.button} ${oidcName ? '' : styles.primary}`}
            disabled={pending}
          >
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
    </div>
  );
}
