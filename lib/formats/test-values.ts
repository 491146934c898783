/**
 * Test support for the format engine (imported by *.test.ts only): realistic `$context` values as
 * fast-check arbitraries and fixed samples, and an independent oracle for the canonical record a
 * rendered record must parse back to.
 */
import fc from 'fast-check';
import { VARIABLE_TO_FIELD, emptyRecord, type CanonicalRecord } from './canonical-record';
import { templateVariables } from './template-tokens';

export type ContextValues = Record<string, string | null>;

export interface SampleRequest {
  values: ContextValues;
  /** The request time as epoch ms (requestTimeEpoch); requestTime holds it to the second. */
  epochMs: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `dd/MMM/yyyy:HH:mm:ss +hhmm` of an instant, shown in the given UTC offset (minutes). */
export function formatRequestTime(epochMs: number, offsetMinutes: number): string {
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${two(local.getUTCDate())}/${MONTHS[local.getUTCMonth()]}/${local.getUTCFullYear()}:` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ` +
    `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`
  );
}

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const uuidArb = fc
  .array(fc.constantFrom(...HEX), { minLength: 32, maxLength: 32 })
  .map((h) => {
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20)}`;
  });

/** `Sca3bFUQgi0EYeA=`: extendedRequestId and HTTP-API requestId shape. */
export const paddedIdArb = fc
  .array(fc.constantFrom(...B64), { minLength: 14, maxLength: 14 })
  .chain((c) => fc.constantFrom(...'AEIMQUYcgkosw048').map((last) => `${c.join('')}${last}=`));

const octet = fc.integer({ min: 1, max: 254 });
export const ipArb = fc.oneof(
  fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')),
  fc.constantFrom('2001:db8::1', '2a00:23c7:4cd5:d382::4020', 'fe80::1ff:fe23:4567:890a', '::1'),
);

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'PetShop/4.2.0 (Android 14; SM-S918B; Build/UP1A.231005.007), okhttp/4.12.0',
  'PetShop-Sync/1.9 (build "2024.04.1"; channel "beta")',
  'curl/8.5.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'weird [agent] {x} "q" a, b, c',
  'Käse-Client/1.0 (日本語)',
];

/** Spaces, quotes, commas, brackets, `<`, `&`, non-ASCII: what API Gateway writes unescaped. */
const AGENT_CHARS = 'abcXYZ019 ,;:"\'()[]{}<>&/\\.=+-_äé日';
export const userAgentArb = fc.oneof(
  fc.constantFrom(...USER_AGENTS),
  fc
    .array(fc.constantFrom(...AGENT_CHARS), { minLength: 1, maxLength: 40 })
    .map((c) => `UA ${c.join('')} end`),
);

export const resourcePathArb = fc.constantFrom(
  '/pets',
  '/pets/{petId}',
  '/{proxy+}',
  '/',
  '/users/{id}/orders',
);
export const methodArb = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
);
const errorMessageArb = fc.constantFrom(
  'Internal server error',
  'Missing Authentication Token',
  'Endpoint request timed out',
  'Forbidden',
);

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arb, { freq: 6, nil: null });
}

const numberText = (max: number) => optional(fc.integer({ min: 0, max }).map(String));

/** One request's `$context` values (REST-style ids unless `httpApi`). */
export function requestArb(httpApi = false): fc.Arbitrary<SampleRequest> {
  return fc
    .record({
      requestId: httpApi ? paddedIdArb : uuidArb,
      extendedRequestId: optional(paddedIdArb),
      ip: ipArb,
      epochMs: fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2030, 0, 1) }),
      offset: fc.constantFrom(0, 0, 60, -300, 330, -600),
      method: methodArb,
      resourcePath: resourcePathArb,
      pathTail: fc.constantFrom('42', 'a%20b', 'caf%C3%A9', 'x%zz'),
      protocol: fc.constantFrom('HTTP/1.1', 'HTTP/2.0'),
      status: optional(
        fc.constantFrom(
          '200',
          '201',
          '204',
          '304',
          '400',
          '403',
          '404',
          '429',
          '500',
          '502',
          '504',
        ),
      ),
      responseLength: numberText(5_000_000),
      latency: numberText(30_000),
      integrationLatency: numberText(30_000),
      userAgent: optional(userAgentArb),
      caller: optional(fc.constantFrom('AIDAJQABLZS4A3QDU576Q', '123456789012')),
      user: optional(fc.constantFrom('AIDAJQABLZS4A3QDU576Q', 'jane')),
      stage: optional(fc.constantFrom('prod', 'dev', 'v2_beta')),
      error: optional(errorMessageArb),
      errorType: optional(fc.constantFrom('DEFAULT_5XX', 'MISSING_AUTHENTICATION_TOKEN')),
      waf: optional(fc.constantFrom('WAF_ALLOW', 'WAF_BLOCK')),
    })
    .map((r) => ({
      epochMs: r.epochMs,
      values: {
        '$context.requestId': r.requestId,
        '$context.extendedRequestId': r.extendedRequestId,
        '$context.identity.sourceIp': r.ip,
        '$context.requestTime': formatRequestTime(r.epochMs, r.offset),
        '$context.requestTimeEpoch': String(r.epochMs),
        '$context.httpMethod': r.method,
        '$context.resourcePath': r.resourcePath,
        '$context.routeKey': r.resourcePath === '/' ? '$default' : `${r.method} ${r.resourcePath}`,
        '$context.path': `/prod${r.resourcePath.replace(/\{[^}]*\}/g, r.pathTail)}`,
        '$context.protocol': r.protocol,
        '$context.status': r.status,
        '$context.responseLength': r.responseLength,
        '$context.responseLatency': r.latency,
        '$context.integrationLatency': r.integrationLatency,
        '$context.identity.userAgent': r.userAgent,
        '$context.identity.caller': r.caller,
        '$context.identity.user': r.user,
        '$context.stage': r.stage,
        '$context.apiId': 'a1b2c3d4e5',
        '$context.domainName': 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
        '$context.error.message': r.error,
        '$context.error.responseType': r.errorType,
        '$context.wafResponseCode': r.waf,
        '$context.integration.status': r.status,
        '$context.xrayTraceId': 'Root=1-5e1b4151-5ac6c58f3b0b4f6d8e0b2c1a',
      },
    }));
}

const NUMBER_FIELDS = new Set(['status', 'bytes', 'latencyMs', 'integrationLatencyMs']);

/**
 * What parsing a record rendered from `values` with `template` must give. Written independently
 * of record-builder.ts: missing -> null, numbers as numbers, epoch wins over requestTime, the
 * first of two variables feeding one field wins, other variables under `extra`.
 */
export function expectedRecord(template: string, request: SampleRequest): CanonicalRecord {
  const record = emptyRecord();
  const fields = record as unknown as Record<string, unknown>;
  const variables = templateVariables(template);
  for (const name of variables) {
    const value = request.values[name];
    if (value === null || value === undefined || value === '' || value === '-') continue;
    const field = VARIABLE_TO_FIELD[name];
    if (field === undefined) {
      record.extra = record.extra ?? {};
      if (!(name in record.extra)) record.extra[name] = value;
    } else if (field === 'time') {
      const fromEpoch = name === '$context.requestTimeEpoch';
      if (fromEpoch) record.time = request.epochMs;
      else if (record.time === null) record.time = Math.floor(request.epochMs / 1000) * 1000;
    } else if (fields[field] === null) {
      fields[field] = NUMBER_FIELDS.has(field) ? Number(value) : value;
    }
  }
  return record;
}
