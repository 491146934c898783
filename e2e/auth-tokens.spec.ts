import { expect, test, type APIRequestContext } from '@playwright/test';
import { ADMIN_STATE, NO_SESSION } from './fixtures/accounts';
import { isAdminOnly, listAppRoutes, listServerActions } from './fixtures/app-routes';

test.use({ storageState: ADMIN_STATE });

// Reads every API route except the sign-in machinery and the public health probe.
const readRoutes = listAppRoutes().filter(
  (r) =>
    r.kind === 'api' &&
    r.methods.includes('GET') &&
    !['/api/auth/[...nextauth]', '/api/health'].includes(r.pattern) &&
    !isAdminOnly(r.pattern),
);
const adminApis = listAppRoutes().filter((r) => r.kind === 'api' && isAdminOnly(r.pattern));
const adminPages = listAppRoutes().filter((r) => r.kind === 'page' && isAdminOnly(r.pattern));

test('an API token reads the JSON API, fails once revoked, and never opens settings or admin', async ({
  page,
  playwright,
  baseURL,
}) => {
  const name = `e2e token ${Date.now()}`;
  await page.goto('/admin/tokens');
  const form = page.getByRole('form', { name: 'Create token' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Create token' }).click();
  const token = (await form.getByTestId('secret-value').textContent()) ?? '';
  expect(token).toMatch(/^agl_[A-Za-z0-9_-]{43}$/);
  // Shown once: a reload shows only the hint.
  await page.reload();
  await expect(page.getByTestId('token-list')).toContainText(name);
  await expect(page.locator('body')).not.toContainText(token);

  const api: APIRequestContext = await playwright.request.newContext({
    baseURL,
    storageState: NO_SESSION,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const whoami = await api.get('/api/auth/whoami');
  expect(whoami.status()).toBe(200);
  expect(await whoami.json()).toMatchObject({ kind: 'token', role: 'viewer', token: { name } });
  expect(readRoutes.length).toBeGreaterThan(0);
  for (const route of readRoutes) {
    const response = await api.get(route.path, { maxRedirects: 0 });
    expect([401, 403], `GET ${route.pattern}`).not.toContain(response.status());
  }

  // Read-only: settings and admin stay closed to a token, whatever the entry point.
  for (const route of adminPages) {
    const response = await api.get(route.path, { maxRedirects: 0 });
    expect([303, 307, 308], route.pattern).toContain(response.status());
    expect(response.headers()['location'] ?? '', route.pattern).toMatch(/^\/signin/);
  }
  for (const route of adminApis) {
    for (const method of route.methods) {
      const response = await api.fetch(route.path, { method, maxRedirects: 0 });
      expect(response.status(), `${method} ${route.pattern}`).toBe(403);
    }
  }
  for (const action of listServerActions().filter((a) => isAdminOnly(a.file))) {
    const response = await api.post(action.path, {
      headers: { 'next-action': action.id, 'content-type': 'text/plain;charset=UTF-8' },
      data: '[]',
      maxRedirects: 0,
    });
    expect(response.headers()['x-action-redirect'] ?? '', `${action.file}#${action.name}`).toMatch(
      /^\/signin/,
    );
  }

  const row = page.getByTestId('token-list').locator('tr', { hasText: name });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('revoked');

  const after = await api.get('/api/auth/whoami');
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ error: 'invalid_token' });
  for (const route of readRoutes) {
    expect((await api.get(route.path, { maxRedirects: 0 })).status(), `GET ${route.pattern}`).toBe(
      401,
    );
  }
  await api.dispose();

  await page.goto('/admin/audit');
  const audit = page.getByTestId('audit-list');
  await expect(
    audit.locator('tr[data-action="token.revoke"]', { hasText: name }).first(),
  ).toBeVisible();
  await expect(
    audit.locator('tr[data-action="token.create"]', { hasText: name }).first(),
  ).toBeVisible();
});
