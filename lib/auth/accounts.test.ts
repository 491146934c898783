import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import {
  AccountError,
  addAccount,
  findAccount,
  normalizeUsername,
  removeAccount,
  setAccountPassword,
  setAccountRole,
} from './accounts';
import { verifyPassword } from './password';
import { readAccounts, updateAccounts, usersFilePath } from './users-file';

let file: string;
beforeEach(async () => {
  file = usersFilePath(await mkdtemp(path.join(os.tmpdir(), 'accounts-')));
});

const PASSWORD = 'correct horse battery';

test('add stores a bcrypt hash (never the password) in a 0600 file', async () => {
  await addAccount(file, { username: 'Alice', role: 'viewer', password: PASSWORD });
  const text = await readFile(file, 'utf8');
  expect(text).not.toContain(PASSWORD);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const [alice] = await readAccounts(file);
  expect(alice.username).toBe('alice');
  expect(alice.passwordHash).toMatch(/^\$2[aby]\$12\$/);
  expect(await verifyPassword(PASSWORD, alice.passwordHash)).toBe(true);
  expect(await verifyPassword('wrong password!', alice.passwordHash)).toBe(false);
});

test('duplicates, bad names and weak passwords are refused with AccountError', async () => {
  await addAccount(file, { username: 'alice', role: 'viewer', password: PASSWORD });
  await expect(
    addAccount(file, { username: 'ALICE', role: 'admin', password: PASSWORD }),
  ).rejects.toThrow(/already exists/);
  await expect(
    addAccount(file, { username: '../etc', role: 'admin', password: PASSWORD }),
  ).rejects.toThrow(AccountError);
  await expect(
    addAccount(file, { username: 'bob', role: 'admin', password: 'short' }),
  ).rejects.toThrow(/at least 12/);
  await expect(
    addAccount(file, { username: 'bob', role: 'admin', password: 'x'.repeat(73) }),
  ).rejects.toThrow(/72 bytes/);
  expect((await readAccounts(file)).map((a) => a.username)).toEqual(['alice']);
});

test('the last admin can be neither removed nor demoted, unless allowed', async () => {
  await addAccount(file, { username: 'root', role: 'admin', password: PASSWORD });
  await addAccount(file, { username: 'vera', role: 'viewer', password: PASSWORD });
  await expect(removeAccount(file, 'root')).rejects.toThrow(/no local admin/);
  await expect(setAccountRole(file, 'root', 'viewer')).rejects.toThrow(/no local admin/);
  await removeAccount(file, 'vera');
  await removeAccount(file, 'root', { allowNoAdmin: true });
  expect(await readAccounts(file)).toEqual([]);
  await expect(removeAccount(file, 'ghost')).rejects.toThrow(/No user "ghost"/);
});

test('a password reset changes the hash and moves passwordChangedAt', async () => {
  const before = await addAccount(file, { username: 'alice', role: 'viewer', password: PASSWORD });
  await new Promise((resolve) => setTimeout(resolve, 5));
  await setAccountPassword(file, 'alice', 'another long password');
  const after = await findAccount(file, 'alice');
  expect(after?.passwordHash).not.toBe(before.passwordHash);
  expect(Date.parse(after!.passwordChangedAt)).toBeGreaterThan(
    Date.parse(before.passwordChangedAt),
  );
  expect(after?.createdAt).toBe(before.createdAt);
});

test('concurrent updates under the lock lose nothing', async () => {
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      updateAccounts(file, (users) => [
        ...users,
        {
          username: `u${i}`,
          role: 'viewer',
          passwordHash: '$2b$12$abcdefghijklmnopqrstuv',
          createdAt: new Date().toISOString(),
          passwordChangedAt: new Date().toISOString(),
        },
      ]),
    ),
  );
  expect((await readAccounts(file)).map((a) => a.username).sort()).toHaveLength(20);
});

test('usernames are normalised to lower case and validated', () => {
  expect(normalizeUsername(' Ops.Bot@corp ')).toBe('ops.bot@corp');
  expect(normalizeUsername('')).toBeNull();
  expect(normalizeUsername('-dash')).toBeNull();
  expect(normalizeUsername('a b')).toBeNull();
  expect(normalizeUsername('x'.repeat(65))).toBeNull();
});

test('a corrupt accounts file is reported, not treated as empty', async () => {
  await addAccount(file, { username: 'alice', role: 'viewer', password: PASSWORD });
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, '{"version":1,"users":[{"username":"x"}]}');
  await expect(readAccounts(file)).rejects.toThrow(/not a valid accounts file/);
});
