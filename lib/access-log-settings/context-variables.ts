/**
 * The `$context` variables API Gateway accepts in an access-log format, per kind of API.
 *
 * Sources (union of the versions we could read, so that a variable AWS accepts is never refused):
 * - REST: developer guide "Variables for access logging for API Gateway" (formerly the access-logging
 *   tables of "API Gateway mapping template and access logging variable reference"), plus the CDK's
 *   AccessLogField list (customDomain.basePathMatched, identity.clientCert.*).
 * - HTTP: developer guide "Customize HTTP API access logs".
 * - WebSocket: developer guide "Configuring logging for a WebSocket API".
 * Prefix patterns (`$context.authorizer.claims.{property}`) match any single trailing name segment.
 */
export type ApiKind = 'rest' | 'http' | 'websocket';

export type ValueKind =
  | 'string'
  | 'id'
  | 'number'
  | 'latency-ms'
  | 'bytes'
  | 'status'
  | 'time-clf'
  | 'time-epoch-ms'
  | 'ip'
  | 'method'
  | 'path'
  | 'user-agent'
  | 'arn';

export interface ContextVariable {
  /** As written in a template; patterns use a `{placeholder}` as the last segment. */
  name: string;
  description: string;
  apis: readonly ApiKind[];
  valueKind: ValueKind;
  /** Set for patterns: everything before the placeholder, ending with a dot. */
  prefix?: string;
}

const R: readonly ApiKind[] = ['rest'];
const H: readonly ApiKind[] = ['http'];
const W: readonly ApiKind[] = ['websocket'];
const RH: readonly ApiKind[] = ['rest', 'http'];
const RW: readonly ApiKind[] = ['rest', 'websocket'];
const HW: readonly ApiKind[] = ['http', 'websocket'];
const ALL: readonly ApiKind[] = ['rest', 'http', 'websocket'];

type Row = readonly [
  suffix: string,
  apis: readonly ApiKind[],
  kind: ValueKind,
  description: string,
];

// Suffixes after `$context.`; a trailing `{...}` segment marks a prefix pattern.
const ROWS: readonly Row[] = [
  ['accountId', RH, 'id', "The API owner's AWS account ID."],
  ['apiId', ALL, 'id', 'The identifier API Gateway assigns to the API.'],
  [
    'authenticate.error',
    RW,
    'string',
    'The error message returned from an authentication attempt.',
  ],
  ['authenticate.latency', RW, 'latency-ms', 'The authentication latency in ms.'],
  ['authenticate.status', RW, 'status', 'The status code returned from an authentication attempt.'],
  ['authorize.error', RW, 'string', 'The authorization error message.'],
  ['authorize.latency', RW, 'latency-ms', 'The authorization latency in ms.'],
  ['authorize.status', RW, 'status', 'The status code returned from an authorization attempt.'],
  [
    'authorizer.claims.{property}',
    RH,
    'string',
    'A claim of the authenticated caller (Cognito user pool or JWT), e.g. `sub`.',
  ],
  ['authorizer.error', ALL, 'string', 'The error message returned from an authorizer.'],
  [
    'authorizer.integrationLatency',
    RW,
    'latency-ms',
    'The Lambda authorizer integration latency in ms.',
  ],
  [
    'authorizer.integrationStatus',
    RW,
    'status',
    'The status code returned from a Lambda authorizer.',
  ],
  ['authorizer.latency', ALL, 'latency-ms', 'The authorizer latency in ms.'],
  [
    'authorizer.principalId',
    ALL,
    'id',
    'The principal user identification returned by a Lambda authorizer.',
  ],
  ['authorizer.requestId', RW, 'id', "The AWS endpoint's request ID for the authorizer call."],
  ['authorizer.status', ALL, 'status', 'The status code returned from an authorizer.'],
  [
    'authorizer.{property}',
    ALL,
    'string',
    'A value of the `context` map a Lambda authorizer returned.',
  ],
  [
    'awsEndpointRequestId',
    RH,
    'id',
    "The AWS endpoint's request ID (x-amz-request-id or x-amzn-requestId).",
  ],
  ['awsEndpointRequestId2', H, 'id', "The AWS endpoint's request ID from the x-amz-id-2 header."],
  ['connectedAt', W, 'time-epoch-ms', 'The epoch-formatted connection time.'],
  ['connectionId', W, 'id', 'A unique ID for the connection, usable for callbacks to the client.'],
  [
    'customDomain.basePathMatched',
    RH,
    'path',
    'The API mapping path a custom-domain request matched, e.g. `v1/orders`.',
  ],
  ['dataProcessed', H, 'bytes', 'The amount of data processed in bytes.'],
  ['domainName', ALL, 'string', 'The full domain name used to invoke the API (the Host header).'],
  ['domainPrefix', RH, 'string', 'The first label of the domain name.'],
  [
    'error.message',
    ALL,
    'string',
    'The API Gateway error message, e.g. `Endpoint request timed out`.',
  ],
  ['error.messageString', ALL, 'string', 'The quoted value of `$context.error.message`.'],
  [
    'error.responseType',
    ALL,
    'string',
    'The gateway response type, e.g. `DEFAULT_5XX`, `THROTTLED`.',
  ],
  ['error.validationErrorString', RW, 'string', 'A detailed request-validation error message.'],
  ['eventType', W, 'string', 'The event type: CONNECT, MESSAGE or DISCONNECT.'],
  [
    'extendedRequestId',
    ALL,
    'id',
    'The extended request ID, e.g. `Sca3bFUQgi0EYeA=`; what AWS Support asks for.',
  ],
  ['httpMethod', RH, 'method', 'The HTTP method: DELETE, GET, HEAD, OPTIONS, PATCH, POST or PUT.'],
  ['identity.accountId', ALL, 'id', 'The AWS account ID associated with the request (IAM auth).'],
  ['identity.apiKey', RW, 'string', 'The API key of a key-enabled method request.'],
  ['identity.apiKeyId', RW, 'id', 'The API key ID of a key-enabled method request.'],
  [
    'identity.caller',
    ALL,
    'string',
    'The principal identifier of the caller that signed the request.',
  ],
  [
    'identity.clientCert.clientCertPem',
    RH,
    'string',
    'The PEM-encoded client certificate (mutual TLS).',
  ],
  [
    'identity.clientCert.issuerDN',
    RH,
    'string',
    "The distinguished name of the client certificate's issuer (mutual TLS).",
  ],
  [
    'identity.clientCert.serialNumber',
    RH,
    'string',
    'The serial number of the client certificate (mutual TLS).',
  ],
  [
    'identity.clientCert.subjectDN',
    RH,
    'string',
    "The distinguished name of the client certificate's subject (mutual TLS).",
  ],
  [
    'identity.clientCert.validity.notAfter',
    RH,
    'string',
    'The date after which the client certificate is invalid.',
  ],
  [
    'identity.clientCert.validity.notBefore',
    RH,
    'string',
    'The date before which the client certificate is invalid.',
  ],
  [
    'identity.cognitoAuthenticationProvider',
    ALL,
    'string',
    'The Amazon Cognito authentication providers of the caller.',
  ],
  [
    'identity.cognitoAuthenticationType',
    RH,
    'string',
    'The Amazon Cognito authentication type: authenticated or unauthenticated.',
  ],
  ['identity.cognitoIdentityId', RH, 'id', 'The Amazon Cognito identity ID of the caller.'],
  [
    'identity.cognitoIdentityPoolId',
    RH,
    'id',
    'The Amazon Cognito identity pool ID of the caller.',
  ],
  ['identity.principalOrgId', RH, 'id', 'The AWS organization ID of the caller (IAM auth).'],
  ['identity.sourceIp', ALL, 'ip', 'The source IP of the TCP connection (IPv4 or IPv6).'],
  ['identity.user', ALL, 'string', 'The principal identifier of the user making the request.'],
  ['identity.userAgent', ALL, 'user-agent', 'The User-Agent header of the caller (free text).'],
  [
    'identity.userArn',
    ALL,
    'arn',
    'The ARN of the effective user identified after authentication.',
  ],
  ['integration.error', ALL, 'string', 'The error message returned from the integration.'],
  [
    'integration.integrationStatus',
    ALL,
    'status',
    'For Lambda proxy integrations, the status code returned by AWS Lambda.',
  ],
  [
    'integration.latency',
    ALL,
    'latency-ms',
    'The integration latency in ms (same as integrationLatency).',
  ],
  [
    'integration.requestId',
    ALL,
    'id',
    "The AWS endpoint's request ID (same as awsEndpointRequestId).",
  ],
  ['integration.status', ALL, 'status', 'The status code returned from the integration.'],
  ['integrationErrorMessage', RH, 'string', 'The integration error message.'],
  ['integrationLatency', ALL, 'latency-ms', 'The integration (backend) latency in ms.'],
  [
    'integrationStatus',
    RH,
    'status',
    'For Lambda proxy integrations, the status code returned by AWS Lambda.',
  ],
  ['messageId', W, 'id', 'A unique server-side ID for a message (MESSAGE events only).'],
  ['path', RH, 'path', 'The concrete request path including the stage, e.g. `/prod/pets/42`.'],
  ['protocol', RH, 'string', 'The request protocol, e.g. `HTTP/1.1`.'],
  ['requestId', ALL, 'id', 'The ID API Gateway assigns to the request (a UUID for REST APIs).'],
  [
    'requestOverride.header.{header_name}',
    R,
    'string',
    'A request header override set by a mapping template.',
  ],
  [
    'requestOverride.path.{path_name}',
    R,
    'string',
    'A request path override set by a mapping template.',
  ],
  [
    'requestOverride.querystring.{querystring_name}',
    R,
    'string',
    'A request query-string override set by a mapping template.',
  ],
  ['requestTime', ALL, 'time-clf', 'The CLF request time, `dd/MMM/yyyy:HH:mm:ss +hhmm`.'],
  ['requestTimeEpoch', ALL, 'time-epoch-ms', 'The request time in epoch milliseconds.'],
  ['resourceId', R, 'id', 'The identifier API Gateway assigns to the resource.'],
  ['resourcePath', R, 'path', 'The resource (route template), e.g. `/pets/{petId}`.'],
  ['responseLatency', RH, 'latency-ms', 'The total response latency in ms.'],
  ['responseLength', RH, 'bytes', 'The response payload length in bytes.'],
  [
    'responseOverride.header.{header_name}',
    R,
    'string',
    'A response header override set by a mapping template.',
  ],
  ['responseOverride.status', R, 'status', 'A response status override set by a mapping template.'],
  ['routeKey', HW, 'string', 'The route key, e.g. `GET /pets`, `$default`, `$connect`.'],
  ['stage', ALL, 'string', 'The deployment stage, e.g. `prod`.'],
  ['status', ALL, 'status', 'The method response status.'],
  ['waf.error', RW, 'string', 'The error message returned from AWS WAF.'],
  ['waf.latency', RW, 'latency-ms', 'The AWS WAF latency in ms.'],
  ['waf.status', RW, 'status', 'The status code returned from AWS WAF.'],
  ['wafResponseCode', R, 'string', 'The AWS WAF verdict: `WAF_ALLOW` or `WAF_BLOCK`.'],
  ['webaclArn', R, 'arn', 'The ARN of the web ACL that allowed or blocked the request.'],
  ['xrayTraceId', R, 'id', 'The X-Ray trace ID.'],
];

const PLACEHOLDER = /\.\{[a-z_]+\}$/;

export const CONTEXT_VARIABLES: readonly ContextVariable[] = ROWS.map(
  ([suffix, apis, valueKind, description]) => {
    const name = `$context.${suffix}`;
    const placeholder = PLACEHOLDER.exec(name);
    return placeholder
      ? { name, description, apis, valueKind, prefix: name.slice(0, placeholder.index + 1) }
      : { name, description, apis, valueKind };
  },
);

const EXACT = new Map(CONTEXT_VARIABLES.filter((v) => !v.prefix).map((v) => [v.name, v]));
// Longest prefix first, so `$context.authorizer.claims.sub` resolves to the claims pattern.
const PATTERNS = CONTEXT_VARIABLES.filter((v) => v.prefix).sort(
  (a, b) => (b.prefix?.length ?? 0) - (a.prefix?.length ?? 0),
);
const SEGMENT = /^[A-Za-z0-9_]+$/;

/**
 * The catalog entry a template variable resolves to, optionally only if the API kind supports it.
 * Exact names win over patterns, so `$context.authorizer.latency` is the latency, not a context key.
 */
export function findContextVariable(name: string, kind?: ApiKind): ContextVariable | undefined {
  const supports = (v: ContextVariable) => kind === undefined || v.apis.includes(kind);
  const exact = EXACT.get(name);
  if (exact && supports(exact)) return exact;
  for (const pattern of PATTERNS) {
    const prefix = pattern.prefix ?? '';
    if (!name.startsWith(prefix) || !supports(pattern)) continue;
    if (SEGMENT.test(name.slice(prefix.length))) return pattern;
  }
  return undefined;
}

export function listContextVariables(kind: ApiKind): ContextVariable[] {
  return CONTEXT_VARIABLES.filter((v) => v.apis.includes(kind));
}

/**
 * The picker's search: every word of the query must appear in the name or the description.
 * Name matches rank before description-only matches; ties keep catalog (alphabetical) order.
 */
export function searchContextVariables(query: string, kind: ApiKind): ContextVariable[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const candidates = listContextVariables(kind);
  if (words.length === 0) return candidates;
  const scored: { v: ContextVariable; score: number; index: number }[] = [];
  candidates.forEach((v, index) => {
    const name = v.name.toLowerCase();
    const text = `${name} ${v.description.toLowerCase()}`;
    if (!words.every((w) => text.includes(w))) return;
    const score = words.filter((w) => name.includes(w)).length;
    scored.push({ v, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.v);
}
