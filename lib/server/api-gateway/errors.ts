import 'server-only';
/**
 * SDK exceptions -> typed errors with words an admin can act on. Both clients throw
 * ServiceExceptions named after the AWS error type; v1 has no modelled AccessDeniedException,
 * so the name and HTTP status are read rather than instanceof checks.
 */
import type { ApiGatewayError, IamAction } from './types';

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

export function mapApiGatewayError(error: unknown, action: IamAction): ApiGatewayError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorLike;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const awsMessage = e.message ?? String(error);

  if (name === 'AccessDeniedException' || name === 'UnauthorizedException' || status === 403) {
    const named = /perform: (apigateway:[A-Z]+)/.exec(awsMessage)?.[1] as IamAction | undefined;
    const permission = named ?? action;
    return {
      kind: 'access-denied',
      action: permission,
      message: `AWS denied access: the dashboard's IAM identity needs ${permission} on this API. AWS said: ${awsMessage}`,
      awsMessage,
    };
  }
  if (name === 'NotFoundException' || status === 404) {
    return {
      kind: 'not-found',
      message: `The API or stage no longer exists (AWS said: ${awsMessage}).`,
      awsMessage,
    };
  }
  if (
    name === 'TooManyRequestsException' ||
    name === 'LimitExceededException' ||
    name === 'ThrottlingException' ||
    status === 429
  ) {
    return {
      kind: 'throttled',
      message:
        'API Gateway is throttling requests (about 10 per second per account) and retries did not get through. Wait a few seconds and try again.',
      awsMessage,
    };
  }
  if (name === 'BadRequestException' || status === 400) {
    return { kind: 'bad-request', message: awsMessage, awsMessage };
  }
  if (name === 'ConflictException' || status === 409) {
    return {
      kind: 'aws-conflict',
      message: `API Gateway reported a concurrent change to this stage; reload and try again (AWS said: ${awsMessage}).`,
      awsMessage,
    };
  }
  if (name === 'CredentialsProviderError' || name === 'ExpiredTokenException') {
    return { kind: 'credentials', message: `No usable AWS credentials: ${awsMessage}` };
  }
  return {
    kind: 'unavailable',
    message: `Could not reach API Gateway: ${awsMessage}${e.code ? ` (${e.code})` : ''}`,
  };
}
