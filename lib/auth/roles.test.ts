import { expect, test } from 'vitest';
import {
  mapOidcRole,
  readClaim,
  readGroups,
  readVerifiedEmail,
  splitList,
  type OidcRolePolicy,
} from './roles';

const policy: OidcRolePolicy = {
  groupsClaim: 'groups',
  adminGroups: ['log-admins'],
  viewerGroups: ['log-viewers', 'sre'],
  adminEmails: ['boss@example.com'],
  viewerEmails: ['auditor@example.com'],
};

test('admin group wins over viewer group', () => {
  expect(mapOidcRole({ groups: ['sre', 'log-admins'] }, policy)).toBe('admin');
  expect(mapOidcRole({ groups: ['sre'] }, policy)).toBe('viewer');
});

test('unknown users are refused (null), including those with no claims at all', () => {
  expect(mapOidcRole({ groups: ['marketing'], email: 'x@example.com' }, policy)).toBeNull();
  expect(mapOidcRole({}, policy)).toBeNull();
});

test('email allow-lists match case-insensitively, but never an explicitly unverified email', () => {
  expect(mapOidcRole({ email: 'Boss@Example.com' }, policy)).toBe('admin');
  expect(mapOidcRole({ email: 'auditor@example.com', email_verified: true }, policy)).toBe(
    'viewer',
  );
  expect(mapOidcRole({ email: 'boss@example.com', email_verified: false }, policy)).toBeNull();
  expect(mapOidcRole({ email: 'boss@example.com', email_verified: 'false' }, policy)).toBeNull();
});

test('group names must match exactly (no substring or case folding)', () => {
  expect(mapOidcRole({ groups: ['log-admins-old', 'LOG-ADMINS'] }, policy)).toBeNull();
});

test('claims are read by exact name first, then as a dot path', () => {
  expect(readClaim({ 'https://example.com/groups': ['a'] }, 'https://example.com/groups')).toEqual([
    'a',
  ]);
  expect(readClaim({ realm_access: { roles: ['r'] } }, 'realm_access.roles')).toEqual(['r']);
  expect(readClaim({ 'cognito:groups': ['c'] }, 'cognito:groups')).toEqual(['c']);
  expect(readClaim({ a: 'x' }, 'a.b')).toBeUndefined();
  expect(readClaim({}, '__proto__.polluted')).toBeUndefined();
});

test('groups may come as a string, and non-strings are ignored', () => {
  expect(readGroups({ groups: 'sre, ops  dev' }, 'groups')).toEqual(['sre', 'ops', 'dev']);
  expect(readGroups({ groups: ['a', 3, null, 'b'] }, 'groups')).toEqual(['a', 'b']);
  expect(readGroups({ groups: 42 }, 'groups')).toEqual([]);
  expect(
    mapOidcRole({ 'cognito:groups': 'log-admins' }, { ...policy, groupsClaim: 'cognito:groups' }),
  ).toBe('admin');
});

test('readVerifiedEmail trims and lower-cases', () => {
  expect(readVerifiedEmail({ email: ' A@B.C ' })).toBe('a@b.c');
  expect(readVerifiedEmail({ email: '' })).toBeUndefined();
});

test('splitList drops empty items', () => {
  expect(splitList(' a, ,b ,')).toEqual(['a', 'b']);
  expect(splitList(undefined)).toEqual([]);
});
