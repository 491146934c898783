import 'server-only';

/**
 * S3 failures in words a user can act on. The SDK reports them as error names, HTTP statuses and
 * Node socket codes; this maps each to a kind, a sentence and, for AccessDenied, the permission
 * that is missing.
 */
export type S3ErrorKind =
  | 'no-credentials'
  | 'invalid-credentials'
  | 'access-denied'
  | 'no-such-bucket'
  | 'no-such-key'
  | 'wrong-region'
  | 'endpoint-unreachable'
  | 'network'
  | 'throttled'
  | 'aborted'
  | 'unknown';

export interface S3ErrorContext {
  operation: 'list' | 'get';
  bucket: string;
  key?: string;
  region?: string;
  endpoint?: string;
}

export class S3SourceError extends Error {
  override name = 'S3SourceError';
  constructor(
    readonly kind: S3ErrorKind,
    message: string,
    readonly context: S3ErrorContext,
    /** The IAM action to grant, for access-denied. */
    readonly permission: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Worth retrying on the next sync rather than recording the object as broken. */
  get transient(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'throttled' ||
      this.kind === 'endpoint-unreachable' ||
      this.kind === 'aborted'
    );
  }
}

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
  cause?: unknown;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
const NETWORK = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'TimeoutError',
  'RequestTimeout',
  'UND_ERR_SOCKET',
]);
const BAD_CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
]);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

function socketCode(error: ErrorLike | undefined, depth = 0): string | undefined {
  if (!error || depth > 4) return undefined;
  if (error.code && (UNREACHABLE.has(error.code) || NETWORK.has(error.code))) return error.code;
  if (error.name && NETWORK.has(error.name)) return error.name;
  return socketCode(error.cause as ErrorLike | undefined, depth + 1);
}

function where(context: S3ErrorContext): string {
  return context.endpoint
    ? `${context.endpoint} (region ${context.region ?? 'unset'})`
    : `S3 in ${context.region ?? 'the configured region'}`;
}

export function classifyS3Error(error: unknown, context: S3ErrorContext): S3SourceError {
  if (error instanceof S3SourceError) return error;
  const e = (
    typeof error === 'object' && error !== null ? error : { message: String(error) }
  ) as ErrorLike;
  const name = e.name ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const bucket = `s3://${context.bucket}`;
  const make = (kind: S3ErrorKind, message: string, permission: string | null = null) =>
    new S3SourceError(kind, message, context, permission, { cause: error });

  if (name === 'AbortError' || name === 'AbortedError')
    return make('aborted', 'Reading S3 was cancelled.');
  if (
    name === 'CredentialsProviderError' ||
    /Could not load credentials|credential.*(missing|not found)/i.test(e.message ?? '')
  ) {
    return make(
      'no-credentials',
      'No AWS credentials were found. Provide them the usual way (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO or an instance role).',
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return make(
      'invalid-credentials',
      `The AWS credentials were refused by ${where(context)} (${name}): check the access key, secret and session token.`,
    );
  }
  if (name === 'NoSuchBucket') {
    return make(
      'no-such-bucket',
      `The bucket ${bucket} does not exist at ${where(context)}: check LOG_BUCKET and the region.`,
    );
  }
  if (name === 'NoSuchKey' || (context.operation === 'get' && status === 404)) {
    return make(
      'no-such-key',
      `The object ${context.key ?? ''} disappeared from ${bucket} before it could be read.`,
    );
  }
  if (
    name === 'PermanentRedirect' ||
    name === 'AuthorizationHeaderMalformed' ||
    name === 'IllegalLocationConstraintException' ||
    status === 301
  ) {
    const actual = e.$response?.headers?.['x-amz-bucket-region'];
    return make(
      'wrong-region',
      `The bucket ${bucket} is not in ${context.region ?? 'the configured region'}${actual ? `; it is in ${actual}` : ''}: set AWS_REGION to the bucket's region.`,
    );
  }
  if (
    name === 'AccessDenied' ||
    name === 'AllAccessDisabled' ||
    name === 'Forbidden' ||
    status === 403
  ) {
    const kms = /kms/i.test(e.message ?? '') || name === 'KMS.AccessDeniedException';
    const permission = kms
      ? 'kms:Decrypt'
      : context.operation === 'list'
        ? 's3:ListBucket'
        : 's3:GetObject';
    const target = context.operation === 'list' ? bucket : `${bucket}/${context.key ?? ''}`;
    return make(
      'access-denied',
      `Access denied to ${target}: the credentials need ${permission}${kms ? " on the bucket's KMS key" : ''}.`,
      permission,
    );
  }
  if (THROTTLED.has(name) || status === 503 || status === 429) {
    return make(
      'throttled',
      `S3 is throttling requests to ${bucket} (${name || status}); the sync will retry.`,
    );
  }
  const code = socketCode(e);
  if (code && UNREACHABLE.has(code)) {
    return make(
      'endpoint-unreachable',
      `Cannot reach ${where(context)} (${code}): check S3_ENDPOINT, the region and the network.`,
    );
  }
  if (code)
    return make(
      'network',
      `The network failed while talking to ${where(context)} (${code}); the sync will retry.`,
    );
  return make(
    'unknown',
    `S3 ${context.operation === 'list' ? 'listing' : 'download'} failed for ${bucket}: ${name ? `${name}: ` : ''}${e.message ?? 'unknown error'}`,
  );
}
