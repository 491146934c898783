import { redirect } from 'next/navigation';

// The dashboard proper arrives with the dashboard issue; until then the object list is the landing view.
export default function DashboardPage() {
  redirect('/objects');
}
