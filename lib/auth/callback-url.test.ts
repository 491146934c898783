import fc from 'fast-check';
import { expect, test } from 'vitest';
import { buildSignInPath, sanitizeCallbackUrl } from './callback-url';

const BASE = 'https://logs.example.com';

test('same-origin paths are kept with their query and hash', () => {
  expect(sanitizeCallbackUrl('/objects?from=2024-01-01#top', BASE)).toBe(
    '/objects?from=2024-01-01#top',
  );
  expect(sanitizeCallbackUrl('https://logs.example.com/settings', BASE)).toBe('/settings');
  expect(sanitizeCallbackUrl('objects', BASE)).toBe('/objects');
});

test.each([
  'https://evil.example/',
  '//evil.example/path',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  'javascript:alert(1)',
  'data:text/html,hi',
  'http://logs.example.com/',
  'https://logs.example.com.evil.example/',
  'https://user:pw@logs.example.com/',
  'https://logs.example.com:8443/',
  '/signin?callbackUrl=/x',
  '/api/auth/signout',
  '',
])('refuses %j and falls back to /', (raw) => {
  expect(sanitizeCallbackUrl(raw, BASE)).toBe('/');
});

test('null, undefined and over-long values fall back to /', () => {
  expect(sanitizeCallbackUrl(null, BASE)).toBe('/');
  expect(sanitizeCallbackUrl(undefined, BASE)).toBe('/');
  expect(sanitizeCallbackUrl(`/${'a'.repeat(3000)}`, BASE)).toBe('/');
});

test('whatever the input, the result is a path that resolves to the app origin', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.webPath()), (raw) => {
      const out = sanitizeCallbackUrl(raw, BASE);
      expect(out.startsWith('/')).toBe(true);
      expect(out.startsWith('//')).toBe(false);
      expect(new URL(out, BASE).origin).toBe(BASE);
    }),
    { numRuns: 2000 },
  );
});

test('buildSignInPath encodes the return path', () => {
  expect(buildSignInPath('/objects?a=1&b=2')).toBe(
    '/signin?callbackUrl=%2Fobjects%3Fa%3D1%26b%3D2',
  );
  expect(buildSignInPath('/')).toBe('/signin');
  expect(buildSignInPath(undefined)).toBe('/signin');
});
