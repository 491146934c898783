import 'server-only';
/**
 * The two SDK clients (REST APIs are v1, HTTP/WebSocket APIs are v2). Configuration comes in as a
 * parameter: the endpoint is the local control plane in the demo and tests, absent in production.
 */
import { APIGatewayClient, type APIGatewayClientConfig } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';

export interface ApiGatewayConfig {
  region: string;
  /** e.g. http://127.0.0.1:4510 for the local control plane (APIGATEWAY_ENDPOINT). */
  endpoint?: string;
  /** Defaults to the SDK's provider chain. */
  credentials?: APIGatewayClientConfig['credentials'];
  /** Attempts per call including retries (default 5). */
  maxAttempts?: number;
}

export interface ApiGatewayClients {
  rest: APIGatewayClient;
  v2: ApiGatewayV2Client;
}

/**
 * Adaptive retry: the control plane allows about 10 requests/s (burst 40), and adaptive mode both
 * retries throttled calls with backoff and slows the client down once throttling starts.
 */
export function createApiGatewayClients(config: ApiGatewayConfig): ApiGatewayClients {
  const shared = {
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    retryMode: 'adaptive',
    maxAttempts: config.maxAttempts ?? 5,
  };
  return { rest: new APIGatewayClient(shared), v2: new ApiGatewayV2Client(shared) };
}
