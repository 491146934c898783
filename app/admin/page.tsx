import { redirect } from 'next/navigation';
import { requireAdmin } from '@/lib/server/auth';

export default async function AdminPage() {
  await requireAdmin();
  redirect('/admin/users');
}
