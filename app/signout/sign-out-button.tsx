'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import styles from '../signin/auth-ui.module.css';

export function SignOutButton({ className }: { className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={className ?? styles.linkButton}
      disabled={pending}
      onClick={() => {
        setPending(true);
        // Clears the session cookie (a CSRF-protected POST), then goes to the sign-in page.
        void signOut({ callbackUrl: '/signin' });
      }}
    >
      Sign out
    </button>
  );
}
