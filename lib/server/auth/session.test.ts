import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, test, vi } from 'vitest';
import { addAccount, removeAccount, setAccountPassword, setAccountRole } from '@/lib/auth/accounts';
import { usersFilePath } from '@/lib/auth/users-file';
import { resolveSessionUser } from './session';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'session-'));
vi.stubEnv('DATA_DIR', dataDir);
vi.stubEnv('LOG_BUCKET', 'demo-bucket');
vi.stubEnv('AWS_REGION', 'us-east-1');
vi.stubEnv('NEXTAUTH_SECRET', 'y'.repeat(32));
vi.stubEnv('NEXTAUTH_URL', 'http://127.0.0.1:3000');
vi.stubEnv('SESSION_MAX_AGE', '3600');

const file = usersFilePath(dataDir);
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  await addAccount(file, { username: 'root', role: 'admin', password: 'root password 1' });
  await addAccount(file, { username: 'vera', role: 'viewer', password: 'vera password 1' });
});

test('a local session takes its role from the accounts file, live', async () => {
  const claims = {
    username: 'vera',
    provider: 'local',
    role: 'viewer',
    authAt: nowSeconds() + 1,
  } as const;
  expect(await resolveSessionUser(claims, 'vera')).toEqual({
    username: 'vera',
    name: 'vera',
    role: 'viewer',
    provider: 'local',
  });
  await setAccountRole(file, 'vera', 'admin');
  expect((await resolveSessionUser(claims, 'vera'))?.role).toBe('admin');
  // A token that claims admin for a viewer does not make them one.
  await setAccountRole(file, 'vera', 'viewer');
  expect((await resolveSessionUser({ ...claims, role: 'admin' }, 'vera'))?.role).toBe('viewer');
});

test('sessions end when the user is removed, the password is reset, or the max age passes', async () => {
  const signedInAt = nowSeconds();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const root = { username: 'root', provider: 'local', role: 'admin', authAt: signedInAt } as const;
  expect(await resolveSessionUser(root, 'root')).not.toBeNull();
  expect(await resolveSessionUser(root, 'root', (signedInAt + 3601) * 1000)).toBeNull();
  await setAccountPassword(file, 'root', 'root password 2');
  expect(await resolveSessionUser(root, 'root')).toBeNull();
  expect(await resolveSessionUser({ ...root, authAt: nowSeconds() }, 'root')).not.toBeNull();
  await removeAccount(file, 'vera');
  expect(
    await resolveSessionUser(
      { username: 'vera', provider: 'local', role: 'viewer', authAt: nowSeconds() },
      'v',
    ),
  ).toBeNull();
});

test('an OIDC session keeps the role mapped at sign-in, but not when OIDC is not configured', async () => {
  const claims = {
    username: 'ada@example.com',
    provider: 'oidc',
    role: 'admin',
    authAt: nowSeconds(),
  } as const;
  expect(await resolveSessionUser(claims, 'Ada')).toBeNull();
});
