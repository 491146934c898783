import type { ReactNode } from 'react';
import { requireAdmin } from '@/lib/server/auth';

/**
 * The page and each action check for themselves too. The layout checks as well because that is what
 * answers a viewer with a real 403 status: forbidden() thrown by the page alone shows the 403 screen
 * with status 200 (Next.js 16.4, observed).
 */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return children;
}
