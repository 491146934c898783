import { createClients } from './catalog/clients';
import { BAD_RESPONSE, TIMEOUT, WAF_FILTERED, backend, type Outcome } from './catalog/outcomes';
import { ROUTES, type RouteSpec } from './catalog/routes';
import { HOSTILE_PATHS, HOSTILE_USER_AGENTS } from './catalog/user-agents';
import { formatExtendedRequestId, formatRandomString, formatUuid } from './ids';
import { Rng, deriveSeed } from './prng';
import { generateRequestTimes, planIncidents, type Incident } from './rhythm';
import { createRequestTimeFormatter } from './time-format';
import { createWeightedPicker, zipfWeights, type WeightedPicker } from './weighted-picker';

/**
 * Synthetic REST API traffic as API Gateway sees it: one `$context` value map per request, in
 * request-time order, deterministic per seed.
 */
export interface TrafficOptions {
  seed: number;
  /** Epoch ms; request times fall in [start, end). */
  start: number;
  end: number;
  count: number;
  /** Share of records with `<script>`/`<img onerror>` payloads in user agent and path. Default 0. */
  hostileFraction?: number;
  stage?: string;
  region?: string;
  /** Offset of the clients' local time from UTC, for the day/night rhythm. Default -300 (US East). */
  utcOffsetMinutes?: number;
  /** Size of the client population. Default 2000. */
  clients?: number;
  /** Share of clients with an IPv6 address. Default 0.12. */
  ipv6Share?: number;
}

/** Keyed by full `$context.x` names, values in API Gateway's string forms; null renders as `-`. */
export type ContextValues = Record<string, string | null>;

const INCIDENT_5XX_BOOST = 40;
const INCIDENT_LATENCY_FACTOR = 2.5;

interface PreparedRoute {
  spec: RouteSpec;
  resourceId: string;
  routeKey: string | null;
  normal: WeightedPicker;
  incident: WeightedPicker;
}

function prepareRoute(spec: RouteSpec, rng: Rng): PreparedRoute {
  const boosted = spec.outcomes.map((o) =>
    o.status >= 500 ? o.weight * INCIDENT_5XX_BOOST : o.weight,
  );
  return {
    spec,
    resourceId: formatRandomString(rng, 6),
    routeKey: spec.resourcePath === null ? null : `${spec.method} ${spec.resourcePath}`,
    normal: createWeightedPicker(spec.outcomes.map((o) => o.weight)),
    incident: createWeightedPicker(boosted),
  };
}

function isBodiless(method: string, status: number): boolean {
  return method === 'HEAD' || method === 'OPTIONS' || status === 204 || status === 304;
}

const HOSTILE_BLOCKED: Outcome = { ...WAF_FILTERED, weight: 1 };
const HOSTILE_MISSED: Outcome = backend(404, 1);
const HOSTILE_ROUTE = ROUTES.findIndex((r) => r.resourcePath === '/{proxy+}' && r.method === 'GET');

export function* generateRequests(options: TrafficOptions): Generator<ContextValues> {
  const stage = options.stage ?? 'prod';
  const region = options.region ?? 'us-east-1';
  const hostileFraction = options.hostileFraction ?? 0;
  const setup = new Rng(deriveSeed(options.seed, 'traffic-setup'));
  const rng = new Rng(deriveSeed(options.seed, 'traffic'));

  const apiId = formatRandomString(setup, 10);
  const accountId = String(100_000_000_000 + setup.int(899_999_999_999));
  const domainName = `${apiId}.execute-api.${region}.amazonaws.com`;
  const clients = createClients(setup, options.clients ?? 2000, options.ipv6Share ?? 0.12);
  const clientPicker = createWeightedPicker(zipfWeights(clients.length, 1.1));
  const routes = ROUTES.map((spec) => prepareRoute(spec, setup));
  const routePicker = createWeightedPicker(ROUTES.map((r) => r.weight));
  const failingRoutes = routes.flatMap((r, i) =>
    r.spec.outcomes.some((o) => o.status >= 500) ? [i] : [],
  );
  const incidents: Incident[] = planIncidents(setup, {
    start: options.start,
    end: options.end,
    pickRoute: () => setup.pick(failingRoutes),
  });
  let incidentIndex = 0;
  const formatTime = createRequestTimeFormatter();

  for (const time of generateRequestTimes(rng, {
    start: options.start,
    end: options.end,
    count: options.count,
    utcOffsetMinutes: options.utcOffsetMinutes ?? -300,
  })) {
    while (incidentIndex < incidents.length && incidents[incidentIndex].end <= time)
      incidentIndex++;
    const client = clients[clientPicker.pick(rng)];
    const hostile = hostileFraction > 0 && rng.chance(hostileFraction);
    const routeIndex = hostile ? HOSTILE_ROUTE : routePicker.pick(rng);
    const route = routes[routeIndex];
    const spec = route.spec;
    const incident =
      incidentIndex < incidents.length &&
      incidents[incidentIndex].start <= time &&
      incidents[incidentIndex].route === routeIndex;

    let outcome: Outcome;
    let path: string;
    let userAgent = client.userAgent;
    if (hostile) {
      outcome = rng.chance(0.5) ? HOSTILE_BLOCKED : HOSTILE_MISSED;
      path = rng.pick(HOSTILE_PATHS);
      userAgent = rng.pick(HOSTILE_USER_AGENTS);
    } else {
      outcome = spec.outcomes[(incident ? route.incident : route.normal).pick(rng)];
      path = spec.makePath(rng);
    }
    const status = outcome.status;

    // Gateway overhead is a few ms; integrationLatency < responseLatency always.
    const overhead = 1 + Math.floor(rng.logNormal(4, 0.5));
    let integrationLatency: number | null = null;
    if (outcome.origin === 'backend' || outcome.origin === 'bad-response') {
      let factor = status >= 500 ? 3.5 : status >= 400 ? 0.6 : 1;
      if (incident) factor *= INCIDENT_LATENCY_FACTOR;
      integrationLatency = Math.round(
        rng.logNormal(spec.latency.median * factor, spec.latency.sigma),
      );
    } else if (outcome.origin === 'timeout') {
      integrationLatency = 29_000 + rng.int(40);
    }
    const authorizerLatency = outcome.authorizer ? Math.round(rng.logNormal(35, 0.4)) : 0;
    const responseLatency = (integrationLatency ?? 0) + overhead + authorizerLatency;

    let responseLength: number;
    if (outcome.errorMessage !== undefined) {
      responseLength = outcome.errorMessage.length + 14; // {"message":"..."}
    } else if (isBodiless(spec.method, status) || spec.bytes === 0) {
      responseLength = 0;
    } else if (status >= 400) {
      responseLength = Math.round(rng.logNormal(90, 0.3));
    } else {
      responseLength = Math.max(1, Math.round(rng.logNormal(spec.bytes.median, spec.bytes.sigma)));
    }

    const integrationLatencyText = integrationLatency === null ? null : String(integrationLatency);
    yield {
      '$context.requestId': formatUuid(rng),
      '$context.extendedRequestId': formatExtendedRequestId(rng),
      '$context.requestTime': formatTime(time),
      '$context.requestTimeEpoch': String(time),
      '$context.httpMethod': spec.method,
      '$context.resourcePath': spec.resourcePath,
      '$context.resourceId': route.resourceId,
      '$context.routeKey': route.routeKey,
      '$context.path': `/${stage}${path}`,
      '$context.protocol': rng.chance(0.05) ? 'HTTP/2.0' : 'HTTP/1.1',
      '$context.status': String(status),
      '$context.responseLength': String(responseLength),
      '$context.responseLatency': String(responseLatency),
      '$context.integrationLatency': integrationLatencyText,
      '$context.integration.latency': integrationLatencyText,
      '$context.integration.status':
        outcome.origin === 'backend'
          ? String(status)
          : outcome.origin === 'bad-response'
            ? '200'
            : null,
      '$context.integrationErrorMessage':
        outcome.origin === BAD_RESPONSE.origin
          ? 'Malformed Lambda proxy response'
          : outcome.origin === TIMEOUT.origin
            ? 'Execution failed due to a timeout error'
            : null,
      '$context.authorizer.latency': outcome.authorizer ? String(authorizerLatency) : null,
      '$context.identity.sourceIp': client.ip,
      '$context.identity.userAgent': userAgent,
      '$context.identity.caller': client.principal,
      '$context.identity.user': client.principal,
      '$context.stage': stage,
      '$context.apiId': apiId,
      '$context.accountId': accountId,
      '$context.domainName': domainName,
      '$context.domainPrefix': apiId,
      '$context.error.message': outcome.errorMessage ?? null,
      '$context.error.responseType': outcome.responseType ?? null,
      '$context.wafResponseCode': outcome === HOSTILE_BLOCKED ? 'WAF_BLOCK' : 'WAF_ALLOW',
    };
  }
}
