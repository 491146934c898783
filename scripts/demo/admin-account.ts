/**
 * Sign-in for the demo: an `admin` local account with a random password on first start (printed
 * once by the demo), `ADMIN_PASSWORD` to choose it instead, and a persisted session secret so
 * sessions survive restarts. `dataDir` must be the folder the app gets as DATA_DIR.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addAccount, findAccount, setAccountPassword } from '../../lib/auth/accounts';
import { writeAuditInboxEvent } from '../../lib/auth/audit-inbox';
import { generatePassword, verifyPassword } from '../../lib/auth/password';
import { usersFilePath } from '../../lib/auth/users-file';

export const DEMO_ADMIN_USERNAME = 'admin';
const SECRET_FILE = 'auth-secret';

export async function ensureAdminAccount(options: {
  dataDir: string;
  password?: string;
}): Promise<{ username: string; password: string | null; created: boolean }> {
  const file = usersFilePath(options.dataDir);
  const username = DEMO_ADMIN_USERNAME;
  const existing = await findAccount(file, username);
  if (!existing) {
    const password = options.password ?? generatePassword();
    await addAccount(file, { username, role: 'admin', password });
    await writeAuditInboxEvent(options.dataDir, {
      action: 'user.add',
      actor: 'demo',
      target: username,
      detail: { role: 'admin', via: 'demo first start' },
    });
    return { username, password, created: true };
  }
  if (
    options.password !== undefined &&
    !(await verifyPassword(options.password, existing.passwordHash))
  ) {
    await setAccountPassword(file, username, options.password);
    await writeAuditInboxEvent(options.dataDir, {
      action: 'user.password-reset',
      actor: 'demo',
      target: username,
      detail: { via: 'ADMIN_PASSWORD' },
    });
    return { username, password: options.password, created: false };
  }
  return { username, password: null, created: false };
}

/** The NEXTAUTH_SECRET for the demo: generated once, kept in `<dataDir>/auth-secret` (mode 0600). */
export function ensureAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
