import 'server-only';
/**
 * Local accounts as the server sees them: password checks with throttling and audit, and cached
 * look-ups (re-read when the file changes, so the `users` command takes effect without a restart).
 */
import { promises as fs } from 'node:fs';
import { getConfig } from '@/lib/env';
import { normalizeUsername } from '@/lib/auth/accounts';
import { verifyAgainstDummy, verifyPassword } from '@/lib/auth/password';
import { THROTTLED_PREFIX } from '@/lib/auth/sign-in-errors';
import { describeRetryAfter } from '@/lib/auth/throttle';
import { readAccounts, usersFilePath, type LocalAccount } from '@/lib/auth/users-file';
import type { Role } from '@/lib/auth/roles';
import { recordAuditEventSafely } from './audit-log';
import { checkSignInAllowed, recordSignInFailure, recordSignInSuccess } from './sign-in-throttle';

export function localUsersFile(dataDir = getConfig().dataDir): string {
  return usersFilePath(dataDir);
}

interface Snapshot {
  file: string;
  /** Every write renames a new file into place, so the inode changes even within one mtime tick. */
  ino: number;
  mtimeMs: number;
  size: number;
  accounts: LocalAccount[];
}
let snapshot: Snapshot | undefined;

/** All local accounts, from a copy refreshed whenever the file is replaced or changed. */
export async function listLocalAccounts(file = localUsersFile()): Promise<LocalAccount[]> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat) return [];
  if (
    snapshot?.file === file &&
    snapshot.ino === stat.ino &&
    snapshot.mtimeMs === stat.mtimeMs &&
    snapshot.size === stat.size
  ) {
    return snapshot.accounts;
  }
  const accounts = await readAccounts(file);
  snapshot = { file, ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, accounts };
  return accounts;
}

export async function findLocalAccount(
  username: string,
  file = localUsersFile(),
): Promise<LocalAccount | undefined> {
  const name = normalizeUsername(username);
  if (name === null) return undefined;
  return (await listLocalAccounts(file)).find((a) => a.username === name);
}

export class SignInThrottledError extends Error {
  constructor(readonly retryAfterMs: number) {
    // next-auth hands this message to the sign-in page as ?error=...; it carries only the wait.
    super(`${THROTTLED_PREFIX}${describeRetryAfter(retryAfterMs)}`);
    this.name = 'SignInThrottledError';
  }
}

/**
 * Verifies a username and password. Returns the account on success, null on a wrong name or password;
 * throws SignInThrottledError while the account or IP is locked (without checking the password).
 */
export async function authenticateLocalAccount(
  input: { username: string; password: string; ip: string },
  file = localUsersFile(),
): Promise<{ username: string; role: Role } | null> {
  const attempted = (
    normalizeUsername(input.username) ?? input.username.trim().toLowerCase()
  ).slice(0, 64);
  const verdict = checkSignInAllowed(attempted, input.ip);
  if (!verdict.allowed) {
    await recordAuditEventSafely({
      action: 'signin.throttled',
      actor: attempted || 'anonymous',
      ip: input.ip,
      detail: { method: 'local', retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) },
    });
    throw new SignInThrottledError(verdict.retryAfterMs);
  }
  const account = await findLocalAccount(attempted, file);
  const ok = account
    ? await verifyPassword(input.password, account.passwordHash)
    : await verifyAgainstDummy(input.password);
  if (!ok || !account) {
    recordSignInFailure(attempted, input.ip);
    await recordAuditEventSafely({
      action: 'signin.failure',
      actor: attempted || 'anonymous',
      ip: input.ip,
      detail: { method: 'local', reason: account ? 'wrong password' : 'unknown user' },
    });
    return null;
  }
  recordSignInSuccess(attempted);
  return { username: account.username, role: account.role };
}
