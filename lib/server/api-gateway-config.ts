import 'server-only';
/**
 * Where the settings page finds API Gateway: the regions to list (APIGATEWAY_REGIONS, default the
 * log bucket's AWS_REGION) and an optional endpoint (APIGATEWAY_ENDPOINT: the local control plane in
 * the demo and tests; unset for AWS itself). Validated once; the SDK clients are created once per
 * region and reused, so their adaptive retry state sees every call.
 */
import { z } from 'zod';
import { ConfigError, getConfig } from '@/lib/env';
import { createApiGatewayClients, type ApiGatewayClients } from './api-gateway/clients';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export const apiGatewayEnvSchema = z.object({
  APIGATEWAY_ENDPOINT: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.url({ error: 'must be a URL such as http://127.0.0.1:4510' }).optional())
    .optional(),
  APIGATEWAY_REGIONS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r !== ''),
    )
    .pipe(
      z.array(
        z.string().regex(REGION, {
          error: (issue) => `has "${String(issue.input)}", not an AWS region such as eu-west-1`,
        }),
      ),
    )
    .optional(),
});

export interface ApiGatewaySettings {
  /** Undefined: the SDK's regional AWS endpoints. */
  endpoint: string | undefined;
  /** At least one, in the configured order, without duplicates. */
  regions: string[];
}

/** Pure: validates the variables; throws ConfigError naming each bad one. */
export function parseApiGatewayEnv(
  source: Record<string, string | undefined>,
  fallbackRegion: string,
): ApiGatewaySettings {
  const result = apiGatewayEnvSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(
        (issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`,
      ),
    );
  }
  const listed = result.data.APIGATEWAY_REGIONS ?? [];
  return {
    endpoint: result.data.APIGATEWAY_ENDPOINT,
    regions: listed.length > 0 ? [...new Set(listed)] : [fallbackRegion],
  };
}

let settings: ApiGatewaySettings | undefined;
const clients = new Map<string, ApiGatewayClients>();

export function getApiGatewaySettings(): ApiGatewaySettings {
  settings ??= parseApiGatewayEnv(process.env, getConfig().region);
  return settings;
}

/** The clients for one of the configured regions (any other region is refused). */
export function getApiGatewayClients(region: string): ApiGatewayClients {
  const { endpoint, regions } = getApiGatewaySettings();
  if (!regions.includes(region)) {
    throw new Error(`Region "${region}" is not one of APIGATEWAY_REGIONS (${regions.join(', ')}).`);
  }
  let regional = clients.get(region);
  if (!regional) {
    regional = createApiGatewayClients({ region, endpoint });
    clients.set(region, regional);
  }
  return regional;
}
