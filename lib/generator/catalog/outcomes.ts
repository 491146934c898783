/**
 * How a request can end. API Gateway itself answers some requests (throttling, authorizers, WAF,
 * timeouts) and then fills `$context.error.*`; everything else is what the integration returned.
 */
export type OutcomeOrigin =
  /** The integration answered with this status. */
  | 'backend'
  /** API Gateway answered before calling the integration (no integration latency). */
  | 'gateway'
  /** The integration was called and did not answer within the 29 s limit. */
  | 'timeout'
  /** The integration answered something API Gateway could not use (Lambda proxy 502). */
  | 'bad-response';

export interface Outcome {
  status: number;
  weight: number;
  origin: OutcomeOrigin;
  errorMessage?: string;
  responseType?: string;
  /** An authorizer ran before the answer (adds its latency). */
  authorizer?: boolean;
}

type GatewayError = Omit<Outcome, 'weight'>;

export const THROTTLED: GatewayError = {
  status: 429,
  origin: 'gateway',
  errorMessage: 'Too Many Requests',
  responseType: 'THROTTLED',
};
export const UNAUTHORIZED: GatewayError = {
  status: 401,
  origin: 'gateway',
  errorMessage: 'Unauthorized',
  responseType: 'UNAUTHORIZED',
  authorizer: true,
};
export const ACCESS_DENIED: GatewayError = {
  status: 403,
  origin: 'gateway',
  errorMessage: 'User is not authorized to access this resource',
  responseType: 'ACCESS_DENIED',
  authorizer: true,
};
export const MISSING_TOKEN: GatewayError = {
  status: 403,
  origin: 'gateway',
  errorMessage: 'Missing Authentication Token',
  responseType: 'MISSING_AUTHENTICATION_TOKEN',
};
export const BAD_BODY: GatewayError = {
  status: 400,
  origin: 'gateway',
  errorMessage: 'Invalid request body',
  responseType: 'BAD_REQUEST_BODY',
};
export const WAF_FILTERED: GatewayError = {
  status: 403,
  origin: 'gateway',
  errorMessage: 'Forbidden',
  responseType: 'WAF_FILTERED',
};
export const TIMEOUT: GatewayError = {
  status: 504,
  origin: 'timeout',
  errorMessage: 'Endpoint request timed out',
  responseType: 'INTEGRATION_TIMEOUT',
};
export const BAD_RESPONSE: GatewayError = {
  status: 502,
  origin: 'bad-response',
  errorMessage: 'Internal server error',
  responseType: 'DEFAULT_5XX',
};

export function outcome(error: GatewayError, weight: number): Outcome {
  return { ...error, weight };
}

export function backend(status: number, weight: number): Outcome {
  return { status, weight, origin: 'backend' };
}
