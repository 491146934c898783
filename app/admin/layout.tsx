import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireAdmin } from '@/lib/server/auth';
import styles from './admin.module.css';

// Each admin page and action checks for itself too; this only keeps the section's chrome from a viewer.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <>
      <nav aria-label="Admin" className={styles.subnav}>
        <Link href="/admin/users">Users</Link>
        <Link href="/admin/tokens">API tokens</Link>
        <Link href="/admin/audit">Audit log</Link>
      </nav>
      {children}
    </>
  );
}
