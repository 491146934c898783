import { test, expect } from 'vitest';
import { adviceFor, isBlocking } from './sync-advice';

test('access denied names the permission to grant', () => {
  expect(adviceFor({ kind: 'access-denied', permission: 's3:GetObject' })).toContain(
    'Grant s3:GetObject',
  );
  expect(adviceFor({ kind: 'access-denied', permission: null })).toContain('s3:ListBucket');
});

test('each configuration problem points at the setting to change', () => {
  expect(adviceFor({ kind: 'no-such-bucket', permission: null })).toContain('LOG_BUCKET');
  expect(adviceFor({ kind: 'wrong-region', permission: null })).toContain('AWS_REGION');
  expect(adviceFor({ kind: 'endpoint-unreachable', permission: null })).toContain('S3_ENDPOINT');
});

test('a bad object does not block the view; a missing bucket does', () => {
  expect(isBlocking({ kind: 'object' })).toBe(false);
  expect(isBlocking({ kind: 'no-such-bucket' })).toBe(true);
});
