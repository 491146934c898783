import type { Metadata } from 'next';
import Link from 'next/link';
import styles from '../signin/auth-ui.module.css';

export const metadata: Metadata = { title: 'Access denied · API Gateway access logs' };

/** Where next-auth sends an OIDC user whom no group or email rule maps to a role. */
export default function DeniedPage() {
  return (
    <section className={`panel notice error ${styles.card}`} aria-labelledby="denied-title">
      <h1 id="denied-title">Access denied</h1>
      <p>
        Your identity provider signed you in, but your account is not allowed to use this dashboard:
        it is in none of the groups, and its email is on none of the lists, that grant the viewer or
        admin role.
      </p>
      <p>Ask an administrator to add you, then sign in again. The refused attempt was recorded.</p>
      <p>
        <Link href="/signin">Back to sign-in</Link>
      </p>
    </section>
  );
}
