import type { Metadata } from 'next';
import Link from 'next/link';
import { getCurrentUser } from '@/lib/server/auth';
import styles from '../signin/auth-ui.module.css';
import { SignOutButton } from './sign-out-button';

export const metadata: Metadata = { title: 'Sign out · API Gateway access logs' };

export default async function SignOutPage() {
  const user = await getCurrentUser();
  return (
    <section className={`panel ${styles.card}`} aria-labelledby="signout-title">
      <h1 id="signout-title">Sign out</h1>
      {user ? (
        <>
          <p>
            Signed in as <strong>{user.name}</strong> ({user.role}).
          </p>
          <SignOutButton className={`${styles.button} ${styles.primary}`} />
        </>
      ) : (
        <p>
          You are signed out. <Link href="/signin">Sign in</Link>
        </p>
      )}
    </section>
  );
}
