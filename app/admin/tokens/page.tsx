import type { Metadata } from 'next';
import { requireAdmin } from '@/lib/server/auth';
import { listApiTokens } from '@/lib/server/auth/api-tokens';
import { ActionForm } from '../_components/action-form';
import styles from '../admin.module.css';
import { createTokenAction, revokeTokenAction } from './actions';

export const metadata: Metadata = { title: 'API tokens · Admin' };

function formatTime(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '-';
}

export default async function TokensPage() {
  await requireAdmin();
  const tokens = await listApiTokens();
  return (
    <>
      <h1>API tokens</h1>
      <section className="panel">
        <p className="muted">
          Tokens let scripts read the JSON API and exports with{' '}
          <code>Authorization: Bearer &lt;token&gt;</code>. They are read-only: they never open
          settings or admin pages. The token is shown once; only its hash is kept.
        </p>
        <ActionForm action={createTokenAction} label="Create token">
          <label>
            Name
            <input
              name="name"
              required
              maxLength={100}
              placeholder="e.g. nightly export"
              autoComplete="off"
            />
          </label>
          <button type="submit" className={styles.button}>
            Create token
          </button>
        </ActionForm>
      </section>
      <section className="panel">
        <table className="simple" data-testid="token-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr
                key={token.id}
                data-token-id={token.id}
                className={token.revokedAt ? styles.revoked : undefined}
              >
                <td>{token.name}</td>
                <td className="mono">{token.hint}…</td>
                <td>
                  {formatTime(token.createdAt)} by {token.createdBy}
                </td>
                <td>{formatTime(token.lastUsedAt)}</td>
                <td>
                  {token.revokedAt
                    ? `revoked ${formatTime(token.revokedAt)} by ${token.revokedBy}`
                    : 'active'}
                </td>
                <td>
                  {!token.revokedAt && (
                    <ActionForm action={revokeTokenAction} label={`Revoke ${token.name}`} inline>
                      <input type="hidden" name="id" value={token.id} />
                      <button type="submit" className={`${styles.button} ${styles.danger}`}>
                        Revoke
                      </button>
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {tokens.length === 0 && <p>No tokens yet.</p>}
      </section>
    </>
  );
}
