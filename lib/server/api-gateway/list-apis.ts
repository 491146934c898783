import 'server-only';
/**
 * Every API in the region with its stages' access-log settings: REST APIs through v1 GetRestApis
 * (paged by `position`) and HTTP/WebSocket APIs through v2 GetApis (paged by `nextToken`).
 * One family failing (say, no permission on v2) does not hide the other.
 */
import { GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import {
  GetApisCommand,
  GetStagesCommand as GetV2StagesCommand,
} from '@aws-sdk/client-apigatewayv2';
import type { ApiGatewayClients } from './clients';
import { mapApiGatewayError } from './errors';
import { snapshotRestStage, snapshotV2Stage } from './snapshots';
import type { ApiGatewayError, ApiGatewayResult, ApiWithStages } from './types';

export interface ApiListing {
  apis: ApiWithStages[];
  /** Families that could not be listed, with why. */
  failures: { family: 'rest' | 'v2'; error: ApiGatewayError }[];
}

// Stage reads run a few at a time: the control plane allows ~10 requests/s per account.
const STAGE_READ_CONCURRENCY = 4;

export async function listApisWithStages(
  clients: ApiGatewayClients,
): Promise<ApiGatewayResult<ApiListing>> {
  const [rest, v2] = await Promise.all([listRestApis(clients), listV2Apis(clients)]);
  const failures: ApiListing['failures'] = [];
  if (!rest.ok) failures.push({ family: 'rest', error: rest.error });
  if (!v2.ok) failures.push({ family: 'v2', error: v2.error });
  if (!rest.ok && !v2.ok) return { ok: false, error: rest.error };
  const apis = [...(rest.ok ? rest.value : []), ...(v2.ok ? v2.value : [])].sort(
    (a, b) => a.name.localeCompare(b.name) || a.apiId.localeCompare(b.apiId),
  );
  return { ok: true, value: { apis, failures } };
}

async function listRestApis(
  clients: ApiGatewayClients,
): Promise<ApiGatewayResult<ApiWithStages[]>> {
  try {
    const found: { id: string; name: string; description: string | null }[] = [];
    let position: string | undefined;
    do {
      const page = await clients.rest.send(new GetRestApisCommand({ limit: 500, position }));
      for (const api of page.items ?? []) {
        if (api.id)
          found.push({
            id: api.id,
            name: api.name ?? api.id,
            description: api.description ?? null,
          });
      }
      position = page.position;
    } while (position);

    const apis = await mapWithConcurrency(found, STAGE_READ_CONCURRENCY, async (api) => {
      const stages = await clients.rest.send(new GetStagesCommand({ restApiId: api.id }));
      return {
        apiKind: 'rest' as const,
        apiId: api.id,
        name: api.name,
        description: api.description,
        stages: (stages.item ?? []).map((s) => snapshotRestStage(api.id, s)),
      };
    });
    return { ok: true, value: apis };
  } catch (error) {
    return { ok: false, error: mapApiGatewayError(error, 'apigateway:GET') };
  }
}

async function listV2Apis(clients: ApiGatewayClients): Promise<ApiGatewayResult<ApiWithStages[]>> {
  try {
    const found: {
      id: string;
      name: string;
      kind: 'http' | 'websocket';
      description: string | null;
    }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await clients.v2.send(
        new GetApisCommand({ MaxResults: '500', NextToken: nextToken }),
      );
      for (const api of page.Items ?? []) {
        if (!api.ApiId) continue;
        const kind = api.ProtocolType === 'WEBSOCKET' ? 'websocket' : 'http';
        found.push({
          id: api.ApiId,
          name: api.Name ?? api.ApiId,
          kind,
          description: api.Description ?? null,
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);

    const apis = await mapWithConcurrency(found, STAGE_READ_CONCURRENCY, async (api) => {
      const stages: ApiWithStages['stages'] = [];
      let token: string | undefined;
      do {
        const page = await clients.v2.send(
          new GetV2StagesCommand({ ApiId: api.id, MaxResults: '500', NextToken: token }),
        );
        for (const s of page.Items ?? []) {
          stages.push(snapshotV2Stage({ apiKind: api.kind, apiId: api.id }, s));
        }
        token = page.NextToken;
      } while (token);
      return {
        apiKind: api.kind,
        apiId: api.id,
        name: api.name,
        description: api.description,
        stages,
      };
    });
    return { ok: true, value: apis };
  } catch (error) {
    return { ok: false, error: mapApiGatewayError(error, 'apigateway:GET') };
  }
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
