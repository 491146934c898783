/**
 * Local-account operations shared by the `users` command and the admin page. Each one validates,
 * then changes the accounts file under its lock; failures are `AccountError`s with a message fit
 * to show the person who asked.
 */
import { checkPasswordPolicy, hashPassword } from './password';
import type { Role } from './roles';
import { readAccounts, updateAccounts, type LocalAccount } from './users-file';

export class AccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountError';
  }
}

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** Usernames are case-insensitive: stored and compared lower-cased. Null when not acceptable. */
export function normalizeUsername(raw: string): string | null {
  const name = raw.trim().toLowerCase();
  return USERNAME_PATTERN.test(name) ? name : null;
}

function requireUsername(raw: string): string {
  const name = normalizeUsername(raw);
  if (name === null) {
    throw new AccountError(
      'Username must be 1-64 characters: letters, digits, ".", "_", "@" or "-", starting with a letter or digit.',
    );
  }
  return name;
}

function requirePassword(password: string): void {
  const problem = checkPasswordPolicy(password);
  if (problem !== null) throw new AccountError(problem);
}

/** Refuses a change that takes away the last local admin (there may have been none to begin with). */
function assertAdminRemains(
  before: LocalAccount[],
  after: LocalAccount[],
  allowNoAdmin: boolean,
): void {
  const hasAdmin = (users: LocalAccount[]) => users.some((u) => u.role === 'admin');
  if (!allowNoAdmin && hasAdmin(before) && !hasAdmin(after)) {
    throw new AccountError('That would leave no local admin account.');
  }
}

export interface ChangeOptions {
  /** Let the change leave no local admin (for deployments that sign admins in through OIDC). */
  allowNoAdmin?: boolean;
}

export async function addAccount(
  file: string,
  input: { username: string; role: Role; password: string },
): Promise<LocalAccount> {
  const username = requireUsername(input.username);
  requirePassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const now = new Date().toISOString();
  const account: LocalAccount = {
    username,
    role: input.role,
    passwordHash,
    createdAt: now,
    passwordChangedAt: now,
  };
  await updateAccounts(file, (users) => {
    if (users.some((u) => u.username === username)) {
      throw new AccountError(`User "${username}" already exists.`);
    }
    return [...users, account];
  });
  return account;
}

function findIndex(users: LocalAccount[], username: string): number {
  const index = users.findIndex((u) => u.username === username);
  if (index < 0) throw new AccountError(`No user "${username}".`);
  return index;
}

export async function removeAccount(
  file: string,
  rawUsername: string,
  options: ChangeOptions = {},
): Promise<void> {
  const username = requireUsername(rawUsername);
  await updateAccounts(file, (users) => {
    findIndex(users, username);
    const next = users.filter((u) => u.username !== username);
    assertAdminRemains(users, next, options.allowNoAdmin ?? false);
    return next;
  });
}

export async function setAccountPassword(
  file: string,
  rawUsername: string,
  password: string,
): Promise<void> {
  const username = requireUsername(rawUsername);
  requirePassword(password);
  const passwordHash = await hashPassword(password);
  await updateAccounts(file, (users) => {
    const index = findIndex(users, username);
    const next = [...users];
    next[index] = { ...users[index], passwordHash, passwordChangedAt: new Date().toISOString() };
    return next;
  });
}

export async function setAccountRole(
  file: string,
  rawUsername: string,
  role: Role,
  options: ChangeOptions = {},
): Promise<void> {
  const username = requireUsername(rawUsername);
  await updateAccounts(file, (users) => {
    const index = findIndex(users, username);
    const next = [...users];
    // Open sessions pick the new role up on their next request: the role is read from this file.
    next[index] = { ...users[index], role };
    assertAdminRemains(users, next, options.allowNoAdmin ?? false);
    return next;
  });
}

export async function findAccount(
  file: string,
  rawUsername: string,
): Promise<LocalAccount | undefined> {
  const username = normalizeUsername(rawUsername);
  if (username === null) return undefined;
  return (await readAccounts(file)).find((u) => u.username === username);
}
