export default function SettingsPage() {
  return (
    <section className="panel">
      <h1>Settings</h1>
      <p>Editing a stage&apos;s access-log format arrives with the settings issue.</p>
    </section>
  );
}
