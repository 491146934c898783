/**
 * A local API Gateway control plane on 127.0.0.1 that speaks the REST wire protocol the AWS SDK v3
 * clients use, for exactly the calls the settings page makes:
 *   v1: GetRestApis, GetStages, GetStage, UpdateStage (patchOperations)
 *   v2: GetApis, GetStages, GetStage, UpdateStage (accessLogSettings), DeleteAccessLogSettings
 * JSON member names and error shapes (x-amzn-ErrorType + {"message"}) follow the SDK's own
 * (de)serializers, so the real clients work against it through their `endpoint` setting.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import seed from './fixtures/apigateway-seed.json';
import {
  ApiGatewayFault,
  applyRestPatch,
  applyV2Update,
  findRestStage,
  findV2Api,
  findV2Stage,
  loadState,
  parseState,
  saveState,
  type ApiGatewayState,
  type PatchOperationInput,
  type V2UpdateInput,
} from './apigateway-state';
import { toRestApi, toRestStage, toV2Api, toV2Stage } from './apigateway-wire';

export interface LocalApiGatewayOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Initial state; defaults to the demo fixture. Ignored when persistFile already exists. */
  seed?: ApiGatewayState;
  /** Keeps changes across restarts: loaded at start if present, rewritten after every change. */
  persistFile?: string;
  /** Serve at most this many items per page whatever the caller asks (tests use it to force paging). */
  maxPageSize?: number;
  /** The principal named in simulated AccessDenied messages. */
  principalArn?: string;
}

export interface LocalApiGatewayFaults {
  /** Answer PATCH/DELETE with 403 AccessDeniedException, as IAM does without apigateway:PATCH. */
  denyWrites?: boolean;
  /** Answer GETs with 403 AccessDeniedException. */
  denyReads?: boolean;
  /** Answer the next N requests with 429 TooManyRequestsException. */
  throttleNext?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
}

export interface LocalApiGateway {
  endpoint: string;
  region: string;
  setFaults: (faults: LocalApiGatewayFaults) => void;
  /** A copy of the current state (tests assert on it; callers cannot mutate the server by it). */
  getState: () => ApiGatewayState;
  requestLog: () => readonly RequestLogEntry[];
  close: () => Promise<void>;
}

class HttpFault extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

const FAULT_STATUS: Record<ApiGatewayFault['errorType'], number> = {
  BadRequestException: 400,
  NotFoundException: 404,
  ConflictException: 409,
};

export async function startLocalApiGateway(
  options: LocalApiGatewayOptions = {},
): Promise<LocalApiGateway> {
  const { persistFile } = options;
  let state: ApiGatewayState =
    persistFile && existsSync(persistFile)
      ? loadState(persistFile)
      : parseState(options.seed ?? seed, 'seed');
  let faults: LocalApiGatewayFaults = {};
  const log: RequestLogEntry[] = [];
  const pageCap = options.maxPageSize ?? Number.POSITIVE_INFINITY;
  const principal = options.principalArn ?? 'arn:aws:iam::123456789012:user/local-demo';

  const commit = (next: ApiGatewayState) => {
    state = next;
    if (persistFile) saveState(persistFile, state);
  };

  const route = (method: string, segments: string[], query: URLSearchParams, body: unknown) => {
    const [root, ...rest] = segments;
    if (root === 'restapis') return routeRest(method, rest, query, body);
    if (root === 'v2' && rest[0] === 'apis') return routeV2(method, rest.slice(1), query, body);
    throw new HttpFault(
      404,
      'NotFoundException',
      `No local handler for ${method} /${segments.join('/')}`,
    );
  };

  const routeRest = (method: string, parts: string[], query: URLSearchParams, body: unknown) => {
    const [apiId, stagesWord, stageName, extra] = parts;
    if (parts.length === 0 && method === 'GET') {
      const page = paginate(state.restApis, query.get('position'), query.get('limit'), pageCap);
      return { status: 200, body: { item: page.items.map(toRestApi), position: page.next } };
    }
    if (stagesWord === 'stages' && stageName === undefined && method === 'GET') {
      const api = state.restApis.find((a) => a.id === apiId);
      if (!api)
        throw new ApiGatewayFault('NotFoundException', `Invalid API identifier specified ${apiId}`);
      return { status: 200, body: { item: api.stages.map(toRestStage) } };
    }
    if (stagesWord === 'stages' && stageName !== undefined && extra === undefined) {
      if (method === 'GET')
        return { status: 200, body: toRestStage(findRestStage(state, apiId, stageName).stage) };
      if (method === 'PATCH') {
        const operations = readPatchOperations(body);
        const next = structuredClone(state);
        const { api, stage } = findRestStage(next, apiId, stageName);
        const updated = applyRestPatch(stage, operations, new Date());
        api.stages = api.stages.map((s) => (s.stageName === stageName ? updated : s));
        commit(next);
        return { status: 200, body: toRestStage(updated) };
      }
    }
    throw new HttpFault(
      404,
      'NotFoundException',
      `No local handler for ${method} /restapis/${parts.join('/')}`,
    );
  };

  const routeV2 = (method: string, parts: string[], query: URLSearchParams, body: unknown) => {
    const [apiId, stagesWord, stageName, extra] = parts;
    if (parts.length === 0 && method === 'GET') {
      const page = paginate(state.v2Apis, query.get('nextToken'), query.get('maxResults'), pageCap);
      return {
        status: 200,
        body: { items: page.items.map((a) => toV2Api(a, state.region)), nextToken: page.next },
      };
    }
    if (stagesWord === 'stages' && stageName === undefined && method === 'GET') {
      const api = findV2Api(state, apiId);
      const page = paginate(api.stages, query.get('nextToken'), query.get('maxResults'), pageCap);
      return { status: 200, body: { items: page.items.map(toV2Stage), nextToken: page.next } };
    }
    if (stagesWord === 'stages' && stageName !== undefined && extra === undefined) {
      if (method === 'GET')
        return { status: 200, body: toV2Stage(findV2Stage(state, apiId, stageName).stage) };
      if (method === 'PATCH') {
        const next = structuredClone(state);
        const { api, stage } = findV2Stage(next, apiId, stageName);
        const updated = applyV2Update(api, stage, readV2Update(body), new Date());
        api.stages = api.stages.map((s) => (s.stageName === stageName ? updated : s));
        commit(next);
        return { status: 200, body: toV2Stage(updated) };
      }
    }
    if (stagesWord === 'stages' && extra === 'accesslogsettings' && method === 'DELETE') {
      const next = structuredClone(state);
      const { stage } = findV2Stage(next, apiId, stageName);
      delete stage.accessLogSettings;
      stage.lastUpdatedDate = new Date().toISOString();
      commit(next);
      return { status: 204, body: undefined };
    }
    throw new HttpFault(
      404,
      'NotFoundException',
      `No local handler for ${method} /v2/apis/${parts.join('/')}`,
    );
  };

  const checkFaults = (method: string, url: URL) => {
    if ((faults.throttleNext ?? 0) > 0) {
      faults = { ...faults, throttleNext: (faults.throttleNext ?? 0) - 1 };
      throw new HttpFault(429, 'TooManyRequestsException', 'Too Many Requests');
    }
    const write = method !== 'GET';
    if ((write && faults.denyWrites) || (!write && faults.denyReads)) {
      const action = `apigateway:${method}`;
      const resource = `arn:aws:apigateway:${state.region}::${url.pathname}`;
      throw new HttpFault(
        403,
        'AccessDeniedException',
        `User: ${principal} is not authorized to perform: ${action} on resource: ${resource}`,
      );
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    let status = 500;
    try {
      const raw = await readBody(req);
      checkFaults(method, url);
      const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const result = route(
        method,
        segments,
        url.searchParams,
        raw === '' ? undefined : parseJson(raw),
      );
      status = result.status;
      send(res, status, result.body);
    } catch (error) {
      const fault =
        error instanceof HttpFault
          ? error
          : error instanceof ApiGatewayFault
            ? new HttpFault(FAULT_STATUS[error.errorType], error.errorType, error.message)
            : new HttpFault(
                500,
                'InternalFailure',
                error instanceof Error ? error.message : String(error),
              );
      status = fault.status;
      send(res, status, { message: fault.message }, fault.errorType);
    } finally {
      log.push({ method, path: url.pathname, status });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: state.region,
    setFaults: (next) => {
      faults = { ...next };
    },
    getState: () => structuredClone(state),
    requestLog: () => [...log],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string) {
  res.statusCode = status;
  res.setHeader('x-amzn-RequestId', randomUUID());
  if (errorType) res.setHeader('x-amzn-ErrorType', errorType);
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpFault(400, 'BadRequestException', 'Could not parse request body into json');
  }
}

function readPatchOperations(body: unknown): PatchOperationInput[] {
  const operations = (body as { patchOperations?: unknown } | undefined)?.patchOperations;
  if (!Array.isArray(operations)) return [];
  return operations as PatchOperationInput[];
}

function readV2Update(body: unknown): V2UpdateInput {
  return (body ?? {}) as V2UpdateInput;
}

/** Opaque page tokens, as AWS hands out: here the base64url of the next offset. */
function paginate<T>(
  items: readonly T[],
  token: string | null,
  limitParam: string | null,
  pageCap: number,
): { items: T[]; next: string | undefined } {
  const offset = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new HttpFault(400, 'BadRequestException', 'Invalid pagination token');
  }
  // AWS: at most 500 per page; GetRestApis defaults to 25 when no limit is given.
  const limit = limitParam ? Number(limitParam) : 25;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new HttpFault(400, 'BadRequestException', 'Invalid limit: must be between 1 and 500');
  }
  const end = offset + Math.min(limit, pageCap);
  return {
    items: items.slice(offset, end),
    next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}
