import type { Metadata } from 'next';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import type { ReactNode } from 'react';
import { getCurrentUser, type SessionUser } from '@/lib/server/auth';
import { SignOutButton } from './signout/sign-out-button';
import authStyles from './signin/auth-ui.module.css';
import './globals.css';

export const metadata: Metadata = {
  title: 'API Gateway access logs',
  description: 'Who is hitting what, how slow, how often failing: API Gateway access logs from S3.',
  icons: { icon: '/favicon.svg' },
};

/** The header shows who is signed in; pages do their own checks, so a failure here only hides the menu. */
async function readUserForHeader(): Promise<SessionUser | null> {
  try {
    return await getCurrentUser();
  } catch (error) {
    // Next.js signals dynamic rendering by throwing; that must pass through.
    unstable_rethrow(error);
    console.error(
      'layout: cannot read the session:',
      error instanceof Error ? error.message : error,
    );
    return null;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await readUserForHeader();
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <span className="brand">API Gateway logs</span>
          {user && (
            <nav aria-label="Main">
              <Link href="/">Dashboard</Link>
              {user.role === 'admin' && <Link href="/settings">Settings</Link>}
              {user.role === 'admin' && <Link href="/admin">Admin</Link>}
            </nav>
          )}
          {user && (
            <div className={authStyles.userMenu} data-testid="user-menu">
              <span data-testid="signed-in-user">{user.name}</span>
              <span className={authStyles.role} data-testid="signed-in-role">
                {user.role}
              </span>
              <SignOutButton />
            </div>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
