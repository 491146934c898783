import 'server-only';
import { expect, test } from 'vitest';
import { classifyS3Error, S3SourceError } from './errors';

const list = { operation: 'list' as const, bucket: 'logs', region: 'eu-west-1' };
const get = { operation: 'get' as const, bucket: 'logs', key: 'a/b.gz', region: 'eu-west-1' };
const sdkError = (name: string, status?: number, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

test('each SDK failure becomes a kind with words a user can act on', () => {
  expect(
    classifyS3Error(
      sdkError(
        'CredentialsProviderError',
        undefined,
        'Could not load credentials from any providers',
      ),
      list,
    ),
  ).toMatchObject({ kind: 'no-credentials' });
  expect(classifyS3Error(sdkError('InvalidAccessKeyId', 403), list)).toMatchObject({
    kind: 'invalid-credentials',
  });
  expect(classifyS3Error(sdkError('NoSuchBucket', 404), list).message).toMatch(
    /s3:\/\/logs does not exist/,
  );
  expect(classifyS3Error(sdkError('NoSuchKey', 404), get)).toMatchObject({ kind: 'no-such-key' });
  expect(classifyS3Error(sdkError('PermanentRedirect', 301), list)).toMatchObject({
    kind: 'wrong-region',
  });
  expect(classifyS3Error(sdkError('SlowDown', 503), list)).toMatchObject({
    kind: 'throttled',
    transient: true,
  });
  expect(
    classifyS3Error(Object.assign(new Error('aborted'), { name: 'AbortError' }), list),
  ).toMatchObject({ kind: 'aborted' });
});

test('AccessDenied names the permission for the operation', () => {
  expect(classifyS3Error(sdkError('AccessDenied', 403), list)).toMatchObject({
    kind: 'access-denied',
    permission: 's3:ListBucket',
  });
  expect(classifyS3Error(sdkError('AccessDenied', 403), get)).toMatchObject({
    kind: 'access-denied',
    permission: 's3:GetObject',
  });
  const kms = classifyS3Error(
    sdkError('AccessDenied', 403, 'User is not authorized to perform kms:Decrypt'),
    get,
  );
  expect(kms).toMatchObject({ permission: 'kms:Decrypt' });
  expect(kms.message).toMatch(/KMS key/);
});

test('socket failures: unreachable endpoint vs flaky network', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  expect(classifyS3Error(refused, { ...list, endpoint: 'http://127.0.0.1:1' })).toMatchObject({
    kind: 'endpoint-unreachable',
    transient: true,
  });
  const reset = Object.assign(new Error('wrapped'), {
    cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  });
  expect(classifyS3Error(reset, list)).toMatchObject({ kind: 'network' });
  expect(classifyS3Error(new Error('odd'), list)).toMatchObject({ kind: 'unknown' });
  const typed = classifyS3Error(sdkError('NoSuchBucket'), list);
  expect(classifyS3Error(typed, get)).toBe(typed);
  expect(typed).toBeInstanceOf(S3SourceError);
});
