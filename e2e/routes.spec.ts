import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { NO_SESSION, VIEWER_STATE } from './fixtures/accounts';
import {
  isAdminOnly,
  listAppRoutes,
  listServerActions,
  type AppRoute,
} from './fixtures/app-routes';

/**
 * The only routes reachable without a session. Anything else found under app/ — including routes
 * added after this test was written — must refuse an anonymous caller.
 */
const PUBLIC_ROUTES = new Set([
  '/signin',
  '/signout',
  '/denied',
  '/api/auth/[...nextauth]',
  '/api/health',
]);

const routes = listAppRoutes();
const protectedRoutes = routes.filter((r) => !PUBLIC_ROUTES.has(r.pattern));
const pages = protectedRoutes.filter((r) => r.kind === 'page');
const apis = protectedRoutes.filter((r) => r.kind === 'api');
// A session cookie that is present but forged: proxy.ts lets it through, so the route's own check answers.
const FORGED_COOKIE = 'next-auth.session-token=forged.not-a-real-token';

function send(
  api: APIRequestContext,
  method: string,
  path: string,
  headers: Record<string, string> = {},
) {
  return api.fetch(path, {
    method,
    headers: {
      ...headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { 'content-type': 'application/json' }),
    },
    data: method === 'GET' || method === 'HEAD' ? undefined : '{}',
    maxRedirects: 0,
  });
}

function expectSignInRedirect(response: APIResponse, what: string): void {
  expect([302, 303, 307, 308], `${what}: status`).toContain(response.status());
  const location = new URL(response.headers()['location'] ?? '', 'http://app.invalid');
  expect(location.pathname, `${what}: redirect target`).toBe('/signin');
}

async function expect401Json(response: APIResponse, what: string, method: string): Promise<void> {
  expect(response.status(), what).toBe(401);
  if (method !== 'HEAD') {
    expect(response.headers()['content-type'], what).toContain('application/json');
    expect(await response.json(), what).toMatchObject({ error: expect.any(String) });
  }
}

function postAction(
  api: APIRequestContext,
  action: { id: string; path: string },
  headers: Record<string, string> = {},
) {
  return api.post(action.path, {
    headers: {
      'next-action': action.id,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      ...headers,
    },
    data: '[]',
    maxRedirects: 0,
  });
}

test('the route list comes from app/ and holds the routes known today', () => {
  const patterns = routes.map((r: AppRoute) => r.pattern);
  for (const known of [
    '/',
    '/settings',
    '/admin/users',
    '/admin/tokens',
    '/admin/audit',
    '/api/auth/whoami',
  ]) {
    expect(patterns).toContain(known);
  }
  expect(routes.find((r) => r.pattern === '/api/auth/[...nextauth]')?.methods.sort()).toEqual([
    'GET',
    'POST',
  ]);
});

test.describe('without a session', () => {
  test.use({ storageState: NO_SESSION });

  test('every page redirects to sign-in, also when a forged session cookie gets past the proxy', async ({
    request,
  }) => {
    for (const route of pages) {
      expectSignInRedirect(await send(request, 'GET', route.path), `${route.pattern} (no cookie)`);
      expectSignInRedirect(
        await send(request, 'GET', route.path, { cookie: FORGED_COOKIE }),
        `${route.pattern} (forged cookie)`,
      );
    }
  });

  test('every page sends the browser to sign-in, remembering where it was going', async ({
    page,
  }) => {
    for (const route of pages) {
      await page.goto(route.path);
      const url = new URL(page.url());
      expect(url.pathname, route.pattern).toBe('/signin');
      if (route.path !== '/')
        expect(url.searchParams.get('callbackUrl'), route.pattern).toBe(route.path);
    }
  });

  test('every API route answers 401 JSON for every method it has', async ({ request }) => {
    expect(apis.length).toBeGreaterThan(0);
    for (const route of apis) {
      for (const method of route.methods) {
        await expect401Json(
          await send(request, method, route.path),
          `${method} ${route.pattern}`,
          method,
        );
        await expect401Json(
          await send(request, method, route.path, { cookie: FORGED_COOKIE }),
          `${method} ${route.pattern} (forged cookie)`,
          method,
        );
      }
    }
  });

  test('every server action refuses to run and sends to sign-in', async ({ request }) => {
    const actions = listServerActions();
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      for (const headers of [{}, { cookie: FORGED_COOKIE }] as Record<string, string>[]) {
        const response = await postAction(request, action, headers);
        const redirect =
          response.headers()['x-action-redirect'] ?? response.headers()['location'] ?? '';
        expect(redirect, `${action.file}#${action.name}`).toMatch(/^\/signin/);
      }
    }
  });

  test('public routes answer without a session but reveal nothing sensitive', async ({
    request,
  }) => {
    const health = await request.get('/api/health');
    expect([200, 503]).toContain(health.status());
    expect(Object.keys(await health.json())).toEqual(['status']);
    for (const path of ['/signin', '/denied', '/signout']) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
    }
    expect((await request.get('/api/auth/session')).status()).toBe(200);
    expect(await (await request.get('/api/auth/session')).json()).toEqual({});
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: VIEWER_STATE });

  test('admin-only pages are 403 by fetch and in the browser; the others open', async ({
    request,
    page,
  }) => {
    for (const route of pages) {
      const response = await send(request, 'GET', route.path);
      if (isAdminOnly(route.pattern)) {
        expect(response.status(), route.pattern).toBe(403);
        expect((await page.goto(route.path))?.status(), `${route.pattern} (browser)`).toBe(403);
      } else {
        expect([200, 307], route.pattern).toContain(response.status());
        if (response.status() === 307)
          expect(response.headers()['location']).not.toMatch(/^\/signin/);
      }
    }
  });

  test('admin-only API routes answer 403 JSON; the others accept the viewer', async ({
    request,
  }) => {
    for (const route of apis) {
      for (const method of route.methods) {
        const response = await send(request, method, route.path);
        if (isAdminOnly(route.pattern)) {
          expect(response.status(), `${method} ${route.pattern}`).toBe(403);
        } else {
          expect([401, 403], `${method} ${route.pattern}`).not.toContain(response.status());
        }
      }
    }
  });

  test('admin server actions are refused with 403', async ({ request }) => {
    const adminActions = listServerActions().filter(
      (a) => isAdminOnly(a.file) || isAdminOnly(a.path),
    );
    expect(adminActions.length).toBeGreaterThan(0);
    for (const action of adminActions) {
      const response = await postAction(request, action);
      expect(response.status(), `${action.file}#${action.name}`).toBe(403);
    }
  });
});
