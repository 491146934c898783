import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'API Gateway access logs',
  description: 'Who is hitting what, how slow, how often failing: API Gateway access logs from S3.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <span className="brand">API Gateway logs</span>
          <nav aria-label="Main">
            <Link href="/">Dashboard</Link>
            <Link href="/objects">Objects</Link>
            <Link href="/settings">Settings</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
