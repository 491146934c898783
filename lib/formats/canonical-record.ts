/**
 * The one shape every part of the product uses for a request, whatever format the stage logged in.
 * Missing values are null, never 0 or '': a log line without latency must not drag percentiles down.
 */
export interface CanonicalRecord {
  /** Request time as epoch milliseconds, UTC (from requestTime or requestTimeEpoch). */
  time: number | null;
  requestId: string | null;
  extendedRequestId: string | null;
  ip: string | null;
  method: string | null;
  /** Route template: REST resourcePath (`/pets/{petId}`) or HTTP-API routeKey (`GET /pets`). */
  route: string | null;
  /** Concrete path as logged (may be URL-encoded, includes the stage for REST). */
  path: string | null;
  protocol: string | null;
  status: number | null;
  bytes: number | null;
  /** $context.responseLatency in ms. */
  latencyMs: number | null;
  /** $context.integrationLatency or $context.integration.latency in ms. */
  integrationLatencyMs: number | null;
  userAgent: string | null;
  caller: string | null;
  user: string | null;
  stage: string | null;
  apiId: string | null;
  domainName: string | null;
  errorMessage: string | null;
  errorType: string | null;
  wafResponseCode: string | null;
  /** Every other variable of the template, keyed by its full `$context...` name. */
  extra: Record<string, string> | null;
}

export type CanonicalField = Exclude<keyof CanonicalRecord, 'extra'>;

export const CANONICAL_FIELDS: readonly CanonicalField[] = [
  'time',
  'requestId',
  'extendedRequestId',
  'ip',
  'method',
  'route',
  'path',
  'protocol',
  'status',
  'bytes',
  'latencyMs',
  'integrationLatencyMs',
  'userAgent',
  'caller',
  'user',
  'stage',
  'apiId',
  'domainName',
  'errorMessage',
  'errorType',
  'wafResponseCode',
];

/** Which `$context` variable fills which canonical field (several variables may feed one field). */
export const VARIABLE_TO_FIELD: Readonly<Record<string, CanonicalField>> = {
  '$context.requestTime': 'time',
  '$context.requestTimeEpoch': 'time',
  '$context.requestId': 'requestId',
  '$context.extendedRequestId': 'extendedRequestId',
  '$context.identity.sourceIp': 'ip',
  '$context.httpMethod': 'method',
  '$context.resourcePath': 'route',
  '$context.routeKey': 'route',
  '$context.path': 'path',
  '$context.protocol': 'protocol',
  '$context.status': 'status',
  '$context.responseLength': 'bytes',
  '$context.responseLatency': 'latencyMs',
  '$context.integrationLatency': 'integrationLatencyMs',
  '$context.integration.latency': 'integrationLatencyMs',
  '$context.identity.userAgent': 'userAgent',
  '$context.identity.caller': 'caller',
  '$context.identity.user': 'user',
  '$context.stage': 'stage',
  '$context.apiId': 'apiId',
  '$context.domainName': 'domainName',
  '$context.error.message': 'errorMessage',
  '$context.error.responseType': 'errorType',
  '$context.wafResponseCode': 'wafResponseCode',
};

export function emptyRecord(): CanonicalRecord {
  return {
    time: null,
    requestId: null,
    extendedRequestId: null,
    ip: null,
    method: null,
    route: null,
    path: null,
    protocol: null,
    status: null,
    bytes: null,
    latencyMs: null,
    integrationLatencyMs: null,
    userAgent: null,
    caller: null,
    user: null,
    stage: null,
    apiId: null,
    domainName: null,
    errorMessage: null,
    errorType: null,
    wafResponseCode: null,
    extra: null,
  };
}
