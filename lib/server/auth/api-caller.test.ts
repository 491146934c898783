import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, expect, test, vi } from 'vitest';
import { createApiToken, revokeApiToken } from './api-tokens';
import { closeAuthDbs } from './auth-db';
import type { SessionUser } from './session';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-caller-'));
vi.stubEnv('DATA_DIR', dataDir);
vi.stubEnv('LOG_BUCKET', 'demo-bucket');
vi.stubEnv('AWS_REGION', 'us-east-1');

let sessionUser: SessionUser | null = null;
vi.mock('./session', () => ({ getCurrentUser: async () => sessionUser }));
const { requireApiAdmin, requireApiCaller, withApiAdmin, withApiCaller } =
  await import('./api-caller');

beforeEach(() => {
  sessionUser = null;
});
afterAll(closeAuthDbs);

const request = (authorization?: string) =>
  new Request('http://127.0.0.1/api/rows', { headers: authorization ? { authorization } : {} });

test('no session and no token: 401 JSON, not cached', async () => {
  const response = await withApiCaller(async () => new Response('data'))(request(), {});
  expect(response.status).toBe(401);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toEqual({ error: 'unauthenticated', message: expect.any(String) });
});

test('a valid token is a viewer; revoked, unknown or malformed tokens are 401 even with a session', async () => {
  const { token, info } = await createApiToken({ name: 'ci', createdBy: 'root' }, dataDir);
  expect(await requireApiCaller(request(`Bearer ${token}`))).toEqual({
    kind: 'token',
    role: 'viewer',
    token: { id: info.id, name: 'ci' },
    actor: `token:${info.id}`,
  });
  sessionUser = { username: 'root', name: 'root', role: 'admin', provider: 'local' };
  await revokeApiToken({ id: info.id, revokedBy: 'root' }, dataDir);
  for (const header of [`Bearer ${token}`, 'Bearer nope', `Basic ${token}`]) {
    const response = await withApiCaller(async () => new Response('data'))(request(header), {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  }
});

test('admin API routes: tokens and viewers get 403, admins pass with their user', async () => {
  const { token } = await createApiToken({ name: 'ci', createdBy: 'root' }, dataDir);
  const handler = withApiAdmin(async (_request, admin) => Response.json({ admin: admin.username }));
  expect((await handler(request(`Bearer ${token}`), {})).status).toBe(403);
  sessionUser = { username: 'vera', name: 'vera', role: 'viewer', provider: 'local' };
  const viewer = await handler(request(), {});
  expect(viewer.status).toBe(403);
  expect(await viewer.json()).toMatchObject({ error: 'forbidden' });
  sessionUser = { username: 'root', name: 'root', role: 'admin', provider: 'local' };
  expect(await (await handler(request(), {})).json()).toEqual({ admin: 'root' });
  await expect(requireApiAdmin(request(`Bearer ${token}`))).rejects.toMatchObject({ status: 403 });
});

test('errors other than AuthError are not swallowed', async () => {
  sessionUser = { username: 'root', name: 'root', role: 'admin', provider: 'local' };
  const handler = withApiCaller(async () => {
    throw new Error('boom');
  });
  await expect(handler(request(), {})).rejects.toThrow('boom');
});
