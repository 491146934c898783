import type { Metadata } from 'next';
import { ROLES } from '@/lib/auth/roles';
import { requireAdmin } from '@/lib/server/auth';
import { getAuthConfig } from '@/lib/server/auth/auth-config';
import { listLocalAccounts } from '@/lib/server/auth/local-accounts';
import { ActionForm } from '../_components/action-form';
import styles from '../admin.module.css';
import { addUserAction, changeRoleAction, removeUserAction, resetPasswordAction } from './actions';

export const metadata: Metadata = { title: 'Users · Admin' };

function formatTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export default async function UsersPage() {
  const admin = await requireAdmin();
  const config = getAuthConfig();
  const accounts = config.localAccounts ? await listLocalAccounts() : [];
  const policy = config.oidc?.policy;

  return (
    <>
      <h1>Users</h1>
      {policy && (
        <section className="panel">
          <h2>Single sign-on ({config.oidc?.displayName})</h2>
          <p className="muted">
            Roles come from the <code>{policy.groupsClaim}</code> claim or the email lists in the
            server configuration; users who match nothing are refused.
          </p>
          <ul>
            <li>Admin groups: {policy.adminGroups.join(', ') || 'none'}</li>
            <li>Viewer groups: {policy.viewerGroups.join(', ') || 'none'}</li>
            <li>
              Admin emails: {policy.adminEmails.length}, viewer emails: {policy.viewerEmails.length}
            </li>
          </ul>
        </section>
      )}
      {!config.localAccounts ? (
        <p className="panel">Local accounts are turned off (LOCAL_ACCOUNTS=false).</p>
      ) : (
        <>
          <section className="panel">
            <h2>Add a local account</h2>
            <ActionForm action={addUserAction} label="Add user">
              <label>
                Username
                <input name="username" required maxLength={64} autoComplete="off" />
              </label>
              <label>
                Role
                <select name="role" defaultValue="viewer">
                  {ROLES.map((role) => (
                    <option key={role}>{role}</option>
                  ))}
                </select>
              </label>
              <label>
                Password (empty: generate one)
                <input name="password" type="password" maxLength={72} autoComplete="new-password" />
              </label>
              <button type="submit" className={styles.button}>
                Add user
              </button>
            </ActionForm>
          </section>
          <section className="panel">
            <h2>Local accounts</h2>
            <table className="simple" data-testid="user-list">
              <thead>
                <tr>
                  <th>Username</th>
                  <th>Role</th>
                  <th>Created</th>
                  <th>Password changed</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((account) => (
                  <tr key={account.username} data-username={account.username}>
                    <td>
                      {account.username}
                      {account.username === admin.username && <span className="muted"> (you)</span>}
                    </td>
                    <td>
                      <ActionForm
                        action={changeRoleAction}
                        label={`Role of ${account.username}`}
                        inline
                      >
                        <input type="hidden" name="username" value={account.username} />
                        <select name="role" defaultValue={account.role} aria-label="Role">
                          {ROLES.map((role) => (
                            <option key={role}>{role}</option>
                          ))}
                        </select>
                        <button type="submit" className={styles.button}>
                          Save
                        </button>
                      </ActionForm>
                    </td>
                    <td>{formatTime(account.createdAt)}</td>
                    <td>{formatTime(account.passwordChangedAt)}</td>
                    <td>
                      <ActionForm
                        action={resetPasswordAction}
                        label={`Reset password of ${account.username}`}
                        inline
                      >
                        <input type="hidden" name="username" value={account.username} />
                        <button type="submit" className={styles.button}>
                          Reset password
                        </button>
                      </ActionForm>
                      <ActionForm
                        action={removeUserAction}
                        label={`Remove ${account.username}`}
                        inline
                      >
                        <input type="hidden" name="username" value={account.username} />
                        <button type="submit" className={`${styles.button} ${styles.danger}`}>
                          Remove
                        </button>
                      </ActionForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">
              From a shell:{' '}
              <code>
                npm run users -- list | add NAME --role viewer | reset-password NAME | remove NAME
              </code>
            </p>
          </section>
        </>
      )}
    </>
  );
}
