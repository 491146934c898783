import { expect, test } from 'vitest';
import { clientIpFromForwardedFor } from './client-ip';
import { classifyPath, isApiPath } from './route-access';
import { buildContentSecurityPolicy, generateNonce } from './security-headers';
import { describeSignInError } from './sign-in-errors';

test('client IP: the hops-th entry from the right; spoofed left entries are ignored', () => {
  expect(clientIpFromForwardedFor('203.0.113.9', 1)).toBe('203.0.113.9');
  expect(clientIpFromForwardedFor('1.1.1.1, 203.0.113.9', 1)).toBe('203.0.113.9');
  expect(clientIpFromForwardedFor('1.1.1.1, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9');
  expect(clientIpFromForwardedFor('203.0.113.9', 3)).toBe('203.0.113.9');
  expect(clientIpFromForwardedFor('::ffff:127.0.0.1', 1)).toBe('127.0.0.1');
  expect(clientIpFromForwardedFor(null, 1)).toBe('unknown');
  expect(clientIpFromForwardedFor(' , ', 1)).toBe('unknown');
});

test('route access: public sign-in flow and health, admin sections, the rest needs a user', () => {
  expect(classifyPath('/signin')).toBe('public');
  expect(classifyPath('/api/auth/callback/oidc')).toBe('public');
  expect(classifyPath('/api/health')).toBe('public');
  expect(classifyPath('/denied')).toBe('public');
  expect(classifyPath('/signinx')).toBe('user');
  expect(classifyPath('/settings')).toBe('admin');
  expect(classifyPath('/admin/tokens')).toBe('admin');
  expect(classifyPath('/administrator')).toBe('user');
  expect(classifyPath('/')).toBe('user');
  expect(isApiPath('/api/rows')).toBe(true);
  expect(isApiPath('/apiary')).toBe(false);
});

test('CSP: nonce for scripts, no inline script, no framing; dev and https variants', () => {
  const nonce = generateNonce();
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(generateNonce()).not.toBe(nonce);
  const prod = buildContentSecurityPolicy({ nonce, development: false, https: false });
  expect(prod).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  expect(prod).not.toMatch(/script-src[^;]*unsafe/);
  expect(prod).toContain("frame-ancestors 'none'");
  expect(prod).toContain("object-src 'none'");
  expect(prod).not.toContain('upgrade-insecure-requests');
  const dev = buildContentSecurityPolicy({ nonce, development: true, https: true });
  expect(dev).toContain("'unsafe-eval'");
  expect(dev).toContain('upgrade-insecure-requests');
});

test('sign-in errors: known codes only, nothing echoed from the URL', () => {
  expect(describeSignInError('CredentialsSignin')).toBe('Wrong username or password.');
  expect(describeSignInError('Throttled:3 minutes')).toBe(
    'Too many failed sign-ins. Try again in 3 minutes.',
  );
  expect(describeSignInError('Throttled:<a href=x>call 555</a>')).toBe(
    'Too many failed sign-ins. Try again later.',
  );
  expect(describeSignInError('Visit evil.example to fix this')).toBe('Sign-in failed. Try again.');
  expect(describeSignInError(undefined)).toBeNull();
});
