import { expect, test } from 'vitest';
import {
  generateApiToken,
  hashApiToken,
  isWellFormedApiToken,
  parseBearerHeader,
} from './api-token-format';

test('a new token is prefixed, 256-bit, well formed, and hashed with SHA-256', () => {
  const a = generateApiToken();
  const b = generateApiToken();
  expect(a.token).toMatch(/^agl_[A-Za-z0-9_-]{43}$/);
  expect(Buffer.from(a.token.slice(4), 'base64url')).toHaveLength(32);
  expect(isWellFormedApiToken(a.token)).toBe(true);
  expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(a.hash).toBe(hashApiToken(a.token));
  expect(a.hint).toBe(a.token.slice(0, 8));
  expect(a.token).not.toBe(b.token);
  expect(a.hash).not.toContain(a.token.slice(4, 12));
});

test('parseBearerHeader tells absent, malformed and token apart', () => {
  const { token } = generateApiToken();
  expect(parseBearerHeader(null)).toEqual({ kind: 'absent' });
  expect(parseBearerHeader('  ')).toEqual({ kind: 'absent' });
  expect(parseBearerHeader(`Bearer ${token}`)).toEqual({ kind: 'token', token });
  expect(parseBearerHeader(`bearer  ${token} `)).toEqual({ kind: 'token', token });
  expect(parseBearerHeader(`Basic ${token}`)).toEqual({ kind: 'malformed' });
  expect(parseBearerHeader('Bearer agl_short')).toEqual({ kind: 'malformed' });
  expect(parseBearerHeader(`Bearer ${token} extra`)).toEqual({ kind: 'malformed' });
  expect(parseBearerHeader(`Bearer ${token.slice(0, -1)}!`)).toEqual({ kind: 'malformed' });
});
