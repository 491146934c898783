/**
 * Typed sub-patterns for `$context` variables. A typed pattern both speeds matching up and keeps it
 * unambiguous: a status can only be digits or `-`, so the literal after it is found without search.
 * Every pattern is bounded (no unbounded `\d+` or hex runs) so that scanning hostile input for a
 * record start stays linear.
 */
export type VariableKind =
  'time' | 'number' | 'ip' | 'method' | 'protocol' | 'routeKey' | 'id' | 'token' | 'text';

const NUMBER_VARIABLES = new Set([
  '$context.status',
  '$context.responseLength',
  '$context.responseLatency',
  '$context.integrationLatency',
  '$context.integrationStatus',
  '$context.requestTimeEpoch',
]);

// Sub-objects whose `latency` / `status` are numeric (`$context.authorizer.<key>` is user-defined
// only for other keys, so `authorizer.latency` is safe but `authorizer.anything` is text).
const NUMBER_SUFFIX =
  /^\$context\.(?:integration|authorizer|authorize|authenticate|waf|responseOverride)\.(?:latency|status|integrationLatency|integrationStatus)$/;

// Identifiers and codes that never hold blanks. Knowing that lets the lenient matcher give the
// extra text of an ambiguous record to the free-text neighbour (user agent, message, path).
const TOKEN_VARIABLES = new Set([
  '$context.stage',
  '$context.apiId',
  '$context.domainName',
  '$context.domainPrefix',
  '$context.accountId',
  '$context.resourceId',
  '$context.resourcePath',
  '$context.wafResponseCode',
  '$context.error.responseType',
  '$context.identity.caller',
  '$context.identity.user',
  '$context.identity.accountId',
  '$context.identity.apiKeyId',
  '$context.identity.userArn',
  '$context.xrayTraceId',
  '$context.awsEndpointRequestId',
  '$context.integration.requestId',
]);

export function classifyVariable(name: string): VariableKind {
  if (name === '$context.requestTime') return 'time';
  if (NUMBER_VARIABLES.has(name) || NUMBER_SUFFIX.test(name)) return 'number';
  if (name === '$context.identity.sourceIp') return 'ip';
  if (name === '$context.httpMethod') return 'method';
  if (name === '$context.protocol') return 'protocol';
  if (name === '$context.routeKey') return 'routeKey';
  if (name === '$context.requestId' || name === '$context.extendedRequestId') return 'id';
  return TOKEN_VARIABLES.has(name) ? 'token' : 'text';
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
// Loose but bounded: at least two colons (`::1`), hex groups, optional embedded IPv4 tail.
const IPV6 = '(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|[0-9.]{7,15})?';
export const UUID_PATTERN =
  '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';

/** Patterns that do not depend on what follows the variable. `-` is always allowed (missing). */
export const TYPED_PATTERNS: Readonly<Partial<Record<VariableKind, string>>> = {
  time: '\\d\\d/[A-Za-z]{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}|-',
  number: '-?\\d{1,20}(?:\\.\\d{1,9})?|-',
  ip: `${IPV4}|${IPV6}|test-invoke-source-ip|-`,
  method: '[A-Za-z]{1,20}|-',
  protocol: '[A-Za-z]{1,10}/[0-9.]{1,5}|-',
};

/**
 * Request ids at a record edge with no literal after them (CLF/CSV presets glued by Firehose):
 * a REST requestId is a UUID and extendedRequestId / HTTP-API ids are padded base64
 * (`GQIVriFLIAMEMsA=`), so prefer exactly those; otherwise the shortest id-like run that lets the
 * next record start (never require a UUID: clients and other API kinds send other ids).
 */
export const EXACT_ID_PATTERN = `${UUID_PATTERN}|[A-Za-z0-9+/_-]{8,40}={1,2}`;
export const LAZY_ID_PATTERN = '[A-Za-z0-9+/=_.:-]{1,200}?';
export const EDGE_ID_PATTERN = `${UUID_PATTERN}|${LAZY_ID_PATTERN}`;

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClassChar(char: string): string {
  return /[\\\]^-]/.test(char) ? `\\${char}` : escapeRegExp(char);
}

/**
 * Text up to the first occurrence of `literal` (optionally only where `guard` also holds after it),
 * never crossing a line break. Unrolled-loop form: one way to match each character, so it is linear.
 * `excluded` lists characters the value can never hold (class syntax, e.g. `\\s"`).
 */
export function textBefore(literal: string, guard = '', excluded = ''): string {
  const head = escapeClassChar(literal[0]);
  const rest = escapeRegExp(literal.slice(1)) + guard;
  const run = `[^${head}${excluded}\\r\\n]*`;
  const headExcluded = excluded !== '' && new RegExp(`[${excluded}]`).test(literal[0]);
  if (rest === '' || headExcluded) return run;
  return `${run}(?:${escapeRegExp(literal[0])}(?!${rest})${run})*`;
}

/** Characters ids and tokens never hold: whitespace, quotes, angle brackets. */
export const TOKEN_EXCLUDED = '\\s"<>';
