import { requireAdmin } from '@/lib/server/auth';

export default async function SettingsPage() {
  await requireAdmin();
  return (
    <section className="panel">
      <h1>Settings</h1>
      <p>Editing a stage&apos;s access-log format arrives with the settings issue.</p>
    </section>
  );
}
