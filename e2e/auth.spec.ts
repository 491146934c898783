import { expect, test } from '@playwright/test';
import { E2E_ADMIN, NO_SESSION } from './fixtures/accounts';
import { OIDC_ACCOUNTS } from './fixtures/oidc-accounts';
import { expectSignedInAs, signInLocal, signInOidc, submitLocalForm } from './fixtures/sign-in';

test.use({ storageState: NO_SESSION });

test('local account: a refused page sends to sign-in and back, then sign-out ends the session', async ({
  page,
}) => {
  await page.goto('/objects?hours=6');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fobjects%3Fhours%3D6$/);
  await submitLocalForm(page, E2E_ADMIN);
  await page.waitForURL('**/objects?hours=6');
  await expectSignedInAs(page, E2E_ADMIN.username, 'admin');
  await expect(page.getByRole('link', { name: 'Admin' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/signin');
  await page.goto('/objects');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fobjects$/);
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/signin');
  await submitLocalForm(page, {
    username: E2E_ADMIN.username,
    password: 'not the password at all',
  });
  await expect(page.getByTestId('signin-error')).toHaveText('Wrong username or password.');
  await expect(page).toHaveURL(/\/signin/);
});

test('repeated failures lock the account for a while, even for the right password', async ({
  page,
}) => {
  // A throwaway name: the lock is per account, and must not lock out the accounts other tests use.
  const account = { username: `throttle-${Date.now()}`, password: 'wrong password 123' };
  await page.goto('/signin');
  for (let i = 0; i < 5; i++) {
    await submitLocalForm(page, account);
    await expect(page.getByTestId('signin-error')).toHaveText('Wrong username or password.');
  }
  await submitLocalForm(page, account);
  await expect(page.getByTestId('signin-error')).toHaveText(
    /^Too many failed sign-ins\. Try again in (1 minute|\d+ seconds)\.$/,
  );
});

test('OIDC: an admin-group user signs in through the real provider and returns to the page wanted', async ({
  page,
}) => {
  await signInOidc(page, 'ada', { callbackUrl: '/admin/users' });
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expectSignedInAs(page, OIDC_ACCOUNTS.ada.name, 'admin');
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
});

test('OIDC: a viewer-group user is a viewer and cannot open settings', async ({ page }) => {
  await signInOidc(page, 'victor');
  await expectSignedInAs(page, OIDC_ACCOUNTS.victor.name, 'viewer');
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  const response = await page.goto('/settings');
  expect(response?.status()).toBe(403);
});

test('OIDC: a user in no allowed group is refused with a clear page and no session', async ({
  page,
}) => {
  await signInOidc(page, 'mallory');
  await expect(page).toHaveURL(/\/denied$/);
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await page.goto('/objects');
  await expect(page).toHaveURL(/\/signin/);
});

test('open redirects are refused: a foreign callbackUrl lands on the app itself', async ({
  page,
  baseURL,
}) => {
  for (const evil of [
    'https://evil.example/steal',
    '//evil.example/steal',
    '/\\evil.example/steal',
  ]) {
    await signInLocal(page, E2E_ADMIN, { callbackUrl: evil });
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await page.context().clearCookies();
  }
});

test('open redirects are refused by the auth endpoints too, not only by the page', async ({
  request,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const csrf = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/local', {
    form: {
      csrfToken: csrf.csrfToken,
      username: E2E_ADMIN.username,
      password: E2E_ADMIN.password,
      callbackUrl: 'https://evil.example/steal',
      json: 'true',
    },
  });
  expect(response.status()).toBe(200);
  const { url } = (await response.json()) as { url: string };
  expect(new URL(url).origin).toBe(origin);

  const signin = await request.get('/api/auth/signin?callbackUrl=https%3A%2F%2Fevil.example%2F', {
    maxRedirects: 0,
  });
  const location = signin.headers()['location'] ?? '';
  expect(new URL(location, origin).origin).toBe(origin);
});

test('pages carry a nonce CSP, framing and sniffing protections; the session cookie is HttpOnly and Lax', async ({
  page,
  context,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const first = await page.goto('/signin');
  const headers = first!.headers();
  const csp = headers['content-security-policy'];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
  // Next.js stamps the nonce on its inline scripts; a new request gets a new nonce.
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  const second = await page.goto('/signin');
  expect(/'nonce-([^']+)'/.exec(second!.headers()['content-security-policy'])?.[1]).not.toBe(nonce);

  await submitLocalForm(page, E2E_ADMIN);
  await page.waitForURL((url) => url.pathname !== '/signin');
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  const session = (await context.cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(violations).toEqual([]);
});

test('sign-ins, failures and refusals appear in the audit log, newest first', async ({ page }) => {
  await signInLocal(page, E2E_ADMIN);
  await page.goto('/admin/audit');
  const rows = page.getByTestId('audit-list').locator('tbody tr');
  await expect(rows.first()).toHaveAttribute('data-action', 'signin.success');
  await expect(rows.first()).toContainText(E2E_ADMIN.username);
  for (const action of ['signin.failure', 'signin.throttled', 'signin.refused']) {
    await expect(
      page.getByTestId('audit-list').locator(`tr[data-action="${action}"]`).first(),
    ).toBeVisible();
  }
});
