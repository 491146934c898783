import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/server/auth';

// The dashboard proper arrives with the dashboard issue; until then the object list is the landing view.
export default async function DashboardPage() {
  await requireUser();
  redirect('/objects');
}
