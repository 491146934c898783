import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { findAccount } from '../../lib/auth/accounts';
import { verifyPassword } from '../../lib/auth/password';
import { usersFilePath } from '../../lib/auth/users-file';
import { ensureAdminAccount, ensureAuthSecret } from './admin-account';

test('first start creates admin with a random password, returned once', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'demo-admin-'));
  const first = await ensureAdminAccount({ dataDir });
  expect(first).toEqual({
    username: 'admin',
    password: expect.stringMatching(/^[\w-]{24}$/),
    created: true,
  });
  const account = await findAccount(usersFilePath(dataDir), 'admin');
  expect(account?.role).toBe('admin');
  expect(await verifyPassword(first.password!, account!.passwordHash)).toBe(true);
  expect(await ensureAdminAccount({ dataDir })).toEqual({
    username: 'admin',
    password: null,
    created: false,
  });
  expect(await readdir(path.join(dataDir, 'audit-inbox'))).toHaveLength(1);
});

test('ADMIN_PASSWORD sets the password, and is reported only when it changed something', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'demo-admin-'));
  await ensureAdminAccount({ dataDir });
  const chosen = 'chosen admin password';
  expect(await ensureAdminAccount({ dataDir, password: chosen })).toEqual({
    username: 'admin',
    password: chosen,
    created: false,
  });
  expect(await ensureAdminAccount({ dataDir, password: chosen })).toMatchObject({ password: null });
  const account = await findAccount(usersFilePath(dataDir), 'admin');
  expect(await verifyPassword(chosen, account!.passwordHash)).toBe(true);
  await expect(ensureAdminAccount({ dataDir, password: 'short' })).rejects.toThrow(/at least 12/);
});

test('the auth secret is generated once, kept private, and reused', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'demo-secret-'));
  const secret = ensureAuthSecret(dataDir);
  expect(secret.length).toBeGreaterThanOrEqual(32);
  expect(ensureAuthSecret(dataDir)).toBe(secret);
  const file = path.join(dataDir, 'auth-secret');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, 'utf8').trim()).toBe(secret);
});
