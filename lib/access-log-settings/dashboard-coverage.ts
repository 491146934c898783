/**
 * What the dashboard can show for data logged with a given format, and what it cannot, in words an
 * admin can act on ("no responseLatency -> no latency charts"). Driven by the template's variables,
 * so it works before any data exists.
 */
import {
  CANONICAL_FIELDS,
  VARIABLE_TO_FIELD,
  type CanonicalField,
} from '@/lib/formats/canonical-record';
import { templateVariables } from '@/lib/formats/template-tokens';

export type DashboardFeatureId =
  | 'time'
  | 'dedupe'
  | 'status'
  | 'latency'
  | 'integration-latency'
  | 'routes'
  | 'paths'
  | 'methods'
  | 'client-ips'
  | 'user-agents'
  | 'bytes'
  | 'gateway-errors'
  | 'waf';

export interface DashboardFeature {
  id: DashboardFeatureId;
  label: string;
  /** Any one of these variables enables the feature. */
  requiresAnyOf: readonly string[];
  /** What the dashboard lacks without it. */
  whenMissing: string;
}

export const DASHBOARD_FEATURES: readonly DashboardFeature[] = [
  {
    id: 'time',
    label: 'Placing records in time',
    requiresAnyOf: ['$context.requestTime', '$context.requestTimeEpoch'],
    whenMissing:
      'Records cannot be placed in time: no time charts, and time filters only see the S3 arrival hour.',
  },
  {
    id: 'dedupe',
    label: 'Removing duplicate deliveries',
    requiresAnyOf: ['$context.requestId', '$context.extendedRequestId'],
    whenMissing: 'Firehose re-deliveries cannot be recognised, so some requests count twice.',
  },
  {
    id: 'status',
    label: 'Status codes and error rates',
    requiresAnyOf: ['$context.status'],
    whenMissing: 'No status breakdown and no error-rate chart.',
  },
  {
    id: 'latency',
    label: 'Latency charts (p50/p95/p99)',
    requiresAnyOf: ['$context.responseLatency'],
    whenMissing: 'No latency charts: add $context.responseLatency ("Add latency fields").',
  },
  {
    id: 'integration-latency',
    label: 'Backend latency and gateway overhead',
    requiresAnyOf: ['$context.integrationLatency', '$context.integration.latency'],
    whenMissing: 'No backend latency, so no split between backend time and gateway overhead.',
  },
  {
    id: 'routes',
    label: 'Grouping by route',
    requiresAnyOf: ['$context.resourcePath', '$context.routeKey'],
    whenMissing:
      'No route grouping: requests cannot be grouped by /pets/{petId} (REST) or GET /pets (HTTP).',
  },
  {
    id: 'paths',
    label: 'Concrete request paths',
    requiresAnyOf: ['$context.path'],
    whenMissing: 'Only route templates are shown, not the concrete paths (/prod/pets/42).',
  },
  {
    id: 'methods',
    label: 'HTTP method breakdown',
    requiresAnyOf: ['$context.httpMethod'],
    whenMissing: 'No breakdown by HTTP method.',
  },
  {
    id: 'client-ips',
    label: 'Top client IPs',
    requiresAnyOf: ['$context.identity.sourceIp'],
    whenMissing: 'No top-N of client IPs.',
  },
  {
    id: 'user-agents',
    label: 'Top user agents',
    requiresAnyOf: ['$context.identity.userAgent'],
    whenMissing: 'No user-agent top-N: add $context.identity.userAgent ("Add user agent").',
  },
  {
    id: 'bytes',
    label: 'Response sizes and traffic volume',
    requiresAnyOf: ['$context.responseLength'],
    whenMissing: 'No response sizes or bytes-served totals.',
  },
  {
    id: 'gateway-errors',
    label: 'Gateway error messages and types',
    requiresAnyOf: ['$context.error.message', '$context.error.responseType'],
    whenMissing: 'Errors show only their status code, not why API Gateway failed the request.',
  },
  {
    id: 'waf',
    label: 'WAF verdicts',
    requiresAnyOf: ['$context.wafResponseCode'],
    whenMissing: 'No WAF allow/block breakdown.',
  },
];

export interface FeatureCoverage extends DashboardFeature {
  enabled: boolean;
}

export interface DashboardCoverage {
  features: FeatureCoverage[];
  enabled: FeatureCoverage[];
  missing: FeatureCoverage[];
  /** Canonical record fields the format fills, and those that will always be empty. */
  fields: CanonicalField[];
  missingFields: CanonicalField[];
  /** 'glued': records share one line per S3 object (our reader copes; Athena and grep do not). */
  framing: 'newline' | 'glued';
}

export function describeDashboardCoverage(template: string): DashboardCoverage {
  const variables = new Set(templateVariables(template));
  const features = DASHBOARD_FEATURES.map((f) => ({
    ...f,
    enabled: f.requiresAnyOf.some((v) => variables.has(v)),
  }));
  const filled = new Set<CanonicalField>();
  for (const v of variables) {
    const field = VARIABLE_TO_FIELD[v];
    if (field) filled.add(field);
  }
  return {
    features,
    enabled: features.filter((f) => f.enabled),
    missing: features.filter((f) => !f.enabled),
    fields: CANONICAL_FIELDS.filter((f) => filled.has(f)),
    missingFields: CANONICAL_FIELDS.filter((f) => !filled.has(f)),
    framing: template.endsWith('\n') ? 'newline' : 'glued',
  };
}
