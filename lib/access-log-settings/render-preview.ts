/**
 * Renders sample records through a format exactly as API Gateway writes them: values inserted raw
 * (a user agent's commas and an error message's quotes included), `-` for anything without a value,
 * and records delivered back to back the way Firehose concatenates them.
 */
import { renderTemplate, tokenizeTemplate } from '@/lib/formats/template-tokens';
import type { ApiKind } from './context-variables';

export type PreviewScenario = 'success' | 'gateway-error';

export interface PreviewOptions {
  apiKind?: ApiKind;
  scenario?: PreviewScenario;
  /** Request time, epoch ms. Defaults to a fixed instant so previews and tests are stable. */
  time?: number;
  /** Per-variable overrides; null removes a value (it then renders as `-`). */
  values?: Readonly<Record<string, string | null>>;
}

const DEFAULT_TIME = Date.UTC(2024, 3, 5, 23, 43, 16, 512);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

/** `dd/MMM/yyyy:HH:mm:ss +0000`, the CLF time API Gateway writes (always UTC). */
export function formatClfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/**
 * The values API Gateway would have for one request. Variables it would not have (caller and user
 * of an unauthenticated call, authorizer output, WAF fields on a stage without a web ACL) are absent.
 */
export function buildSampleContext(options: PreviewOptions = {}): Record<string, string> {
  const kind = options.apiKind ?? 'rest';
  const time = options.time ?? DEFAULT_TIME;
  const apiId = 'a1b2c3d4e5';
  const v2RequestId = 'GQIVriFLIAMEMsA=';
  const values: Record<string, string> = {
    '$context.accountId': '123456789012',
    '$context.apiId': apiId,
    '$context.domainName': `${apiId}.execute-api.eu-west-1.amazonaws.com`,
    '$context.domainPrefix': apiId,
    '$context.stage': 'prod',
    '$context.requestTime': formatClfTime(time),
    '$context.requestTimeEpoch': String(time),
    '$context.identity.sourceIp': '198.51.100.23',
    '$context.identity.userAgent': USER_AGENT,
    '$context.extendedRequestId': kind === 'rest' ? 'Sca3bFUQgi0EYeA=' : v2RequestId,
    '$context.requestId': kind === 'rest' ? '3f2c8d1e-6b7a-4c59-9e21-7d4b0a9c5e13' : v2RequestId,
  };
  if (kind !== 'websocket') {
    Object.assign(values, {
      '$context.httpMethod': 'GET',
      '$context.path': '/prod/pets/42',
      '$context.protocol': 'HTTP/1.1',
      '$context.awsEndpointRequestId': '8e5d2f4a-1c3b-4d6e-9f70-2a4b6c8d0e1f',
      '$context.integration.requestId': '8e5d2f4a-1c3b-4d6e-9f70-2a4b6c8d0e1f',
    });
  }
  if (kind === 'rest') {
    Object.assign(values, {
      '$context.resourcePath': '/pets/{petId}',
      '$context.resourceId': 'x7k2p9',
      '$context.xrayTraceId': 'Root=1-66108d24-3c5e2b1a9f8e7d6c5b4a3921',
    });
  } else if (kind === 'http') {
    values['$context.routeKey'] = 'GET /pets/{petId}';
  } else {
    Object.assign(values, {
      '$context.routeKey': '$default',
      '$context.eventType': 'MESSAGE',
      '$context.connectionId': 'L0SM9cOFvHcCIhw=',
      '$context.messageId': 'L0SNpdl-vHcCIhw=',
      '$context.connectedAt': String(time - 61_000),
    });
  }
  Object.assign(values, scenarioValues(options.scenario ?? 'success', kind));
  for (const [name, value] of Object.entries(options.values ?? {})) {
    if (value === null) delete values[name];
    else values[name] = value;
  }
  return values;
}

function scenarioValues(scenario: PreviewScenario, kind: ApiKind): Record<string, string> {
  if (scenario === 'gateway-error') {
    // The backend did not answer within the integration timeout; API Gateway answers 504 itself.
    const message = 'Endpoint request timed out';
    return {
      '$context.status': '504',
      '$context.responseLength': '41',
      '$context.responseLatency': '29004',
      '$context.integrationLatency': '29001',
      '$context.integration.latency': '29001',
      '$context.error.message': message,
      '$context.error.messageString': `"${message}"`,
      '$context.error.responseType': 'INTEGRATION_TIMEOUT',
    };
  }
  const ok: Record<string, string> = {
    '$context.status': '200',
    '$context.integrationLatency': '64',
    '$context.integration.latency': '64',
    '$context.integrationStatus': '200',
    '$context.integration.status': '200',
    '$context.integration.integrationStatus': '200',
  };
  if (kind !== 'websocket') {
    Object.assign(ok, {
      '$context.responseLength': '431',
      '$context.responseLatency': '87',
    });
  }
  if (kind === 'http') ok['$context.dataProcessed'] = '431';
  return ok;
}

/** One record, exactly as API Gateway would hand it to Firehose or CloudWatch. */
export function renderSampleRecord(template: string, options: PreviewOptions = {}): string {
  return renderTemplate(tokenizeTemplate(template), buildSampleContext(options));
}

/** The variables of a template that render as `-` for the sample (shown as "no value" hints). */
export function listUnsetVariables(template: string, options: PreviewOptions = {}): string[] {
  const values = buildSampleContext(options);
  const names = tokenizeTemplate(template).flatMap((t) => (t.kind === 'variable' ? [t.name] : []));
  return [...new Set(names.filter((n) => values[n] === undefined || values[n] === ''))];
}

/**
 * Several records concatenated as Firehose delivers them: glued unless the format ends with a
 * newline. Requests differ in id, time and outcome so a parser cannot pass by luck.
 */
export function renderSampleObject(
  template: string,
  count: number,
  options: PreviewOptions = {},
): string {
  const tokens = tokenizeTemplate(template);
  const start = options.time ?? DEFAULT_TIME;
  let out = '';
  for (let i = 0; i < count; i += 1) {
    const scenario: PreviewScenario = i % 4 === 3 ? 'gateway-error' : 'success';
    const values = buildSampleContext({ ...options, scenario, time: start + i * 1_250 });
    const suffix = String(i).padStart(4, '0');
    for (const name of ['$context.requestId', '$context.extendedRequestId']) {
      const id = values[name];
      if (id !== undefined) values[name] = id.replace(/.{4}(=?)$/, `${suffix}$1`);
    }
    out += renderTemplate(tokens, values);
  }
  return out;
}
