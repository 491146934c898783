'use client';

export default function SettingsError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    typeof error === 'object' && error !== null && 'digest' in error ? String(error.digest) : null;
  return (
    <section className="panel notice error" role="alert">
      <h1>The settings page failed</h1>
      <p>
        Something went wrong while reading the API Gateway configuration. Nothing was changed.
        {digest && (
          <>
            {' '}
            The server log has the details under <code>{digest}</code>.
          </>
        )}
      </p>
      <button type="button" onClick={() => retry()}>
        Try again
      </button>
    </section>
  );
}
