import styles from './settings.module.css';

export default function SettingsLoading() {
  return (
    <>
      <h1>Access-log settings</h1>
      <section className={`panel ${styles.skeleton}`} aria-busy="true">
        <p className="muted">Loading…</p>
      </section>
    </>
  );
}
