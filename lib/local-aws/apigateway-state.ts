/**
 * The in-memory control-plane state of the local API Gateway: REST APIs (v1) and HTTP/WebSocket
 * APIs (v2) with their stages. Mutations validate like AWS and are all-or-nothing: a request with
 * one bad operation changes nothing.
 */
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ApiKind } from '@/lib/access-log-settings/context-variables';
import {
  AWS_SINGLE_LINE_MESSAGE,
  validateDestinationArn,
  validateFormat,
} from '@/lib/access-log-settings/validate-format';

export interface AccessLogSettingsState {
  destinationArn: string;
  format: string;
}

interface StageBase {
  stageName: string;
  description?: string;
  deploymentId?: string;
  /** ISO-8601. */
  createdDate: string;
  lastUpdatedDate: string;
  accessLogSettings?: AccessLogSettingsState;
}

export type RestStageState = StageBase & {
  variables?: Record<string, string>;
  tracingEnabled?: boolean;
};
export type V2StageState = StageBase & {
  autoDeploy?: boolean;
  stageVariables?: Record<string, string>;
};

export interface RestApiState {
  id: string;
  name: string;
  description?: string;
  createdDate: string;
  stages: RestStageState[];
}

export interface V2ApiState {
  apiId: string;
  name: string;
  protocolType: 'HTTP' | 'WEBSOCKET';
  description?: string;
  createdDate: string;
  stages: V2StageState[];
}

export interface ApiGatewayState {
  region: string;
  restApis: RestApiState[];
  v2Apis: V2ApiState[];
}

export interface PatchOperationInput {
  op?: string;
  path?: string;
  value?: string;
  from?: string;
}

/** A rejection with the exception name and message AWS would send. */
export class ApiGatewayFault extends Error {
  constructor(
    readonly errorType: 'BadRequestException' | 'NotFoundException' | 'ConflictException',
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new ApiGatewayFault('BadRequestException', message);

/** Checks the outline of a seed or saved state (it is our own file, so the outline is enough). */
export function parseState(value: unknown, source: string): ApiGatewayState {
  const candidate = value as Partial<ApiGatewayState> | null;
  if (
    typeof candidate?.region !== 'string' ||
    !Array.isArray(candidate.restApis) ||
    !Array.isArray(candidate.v2Apis)
  ) {
    throw new Error(`${source} is not an API Gateway state file (region, restApis, v2Apis)`);
  }
  return structuredClone(candidate as ApiGatewayState);
}

export function loadState(file: string): ApiGatewayState {
  return parseState(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** Write-then-rename, so a crash mid-write never leaves a half-written state file. */
export function saveState(file: string, state: ApiGatewayState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

export function findRestStage(state: ApiGatewayState, restApiId: string, stageName: string) {
  const api = state.restApis.find((a) => a.id === restApiId);
  if (!api)
    throw new ApiGatewayFault('NotFoundException', `Invalid API identifier specified ${restApiId}`);
  const stage = api.stages.find((s) => s.stageName === stageName);
  if (!stage) throw new ApiGatewayFault('NotFoundException', 'Invalid Stage identifier specified');
  return { api, stage };
}

export function findV2Api(state: ApiGatewayState, apiId: string): V2ApiState {
  const api = state.v2Apis.find((a) => a.apiId === apiId);
  if (!api)
    throw new ApiGatewayFault('NotFoundException', `Invalid API identifier specified ${apiId}`);
  return api;
}

export function findV2Stage(state: ApiGatewayState, apiId: string, stageName: string) {
  const api = findV2Api(state, apiId);
  const stage = api.stages.find((s) => s.stageName === stageName);
  if (!stage)
    throw new ApiGatewayFault(
      'NotFoundException',
      `Invalid stage identifier specified ${stageName}`,
    );
  return { api, stage };
}

/**
 * Applies a REST UpdateStage. Supports the access-log paths we use plus /description and
 * /tracingEnabled, so a test can change a stage without touching its logging.
 */
export function applyRestPatch(
  stage: RestStageState,
  operations: readonly PatchOperationInput[],
  now: Date,
): RestStageState {
  const next: RestStageState = structuredClone(stage);
  for (const operation of operations) {
    const { op, path: target, value } = operation;
    if (op === 'replace' && target === '/accessLogSettings/format') {
      next.accessLogSettings = {
        destinationArn: '',
        ...next.accessLogSettings,
        format: value ?? '',
      };
    } else if (op === 'replace' && target === '/accessLogSettings/destinationArn') {
      next.accessLogSettings = {
        format: '',
        ...next.accessLogSettings,
        destinationArn: value ?? '',
      };
    } else if (op === 'remove' && target === '/accessLogSettings') {
      delete next.accessLogSettings;
    } else if (op === 'replace' && target === '/description') {
      next.description = value ?? '';
    } else if (op === 'replace' && target === '/tracingEnabled') {
      next.tracingEnabled = value === 'true';
    } else {
      throw badRequest(`Invalid patch path '${target ?? ''}' specified for op '${op ?? ''}'`);
    }
  }
  if (next.accessLogSettings) checkAccessLogSettings('rest', next.accessLogSettings);
  next.lastUpdatedDate = now.toISOString();
  return next;
}

export interface V2UpdateInput {
  accessLogSettings?: { destinationArn?: string; format?: string };
  description?: string;
}

export function applyV2Update(
  api: V2ApiState,
  stage: V2StageState,
  input: V2UpdateInput,
  now: Date,
): V2StageState {
  const next: V2StageState = structuredClone(stage);
  if (input.accessLogSettings) {
    const settings = {
      destinationArn: input.accessLogSettings.destinationArn ?? '',
      format: input.accessLogSettings.format ?? '',
    };
    checkAccessLogSettings(api.protocolType === 'HTTP' ? 'http' : 'websocket', settings);
    next.accessLogSettings = settings;
  }
  if (input.description !== undefined) next.description = input.description;
  next.lastUpdatedDate = now.toISOString();
  return next;
}

/** The first error AWS would report, in AWS's words where we know them. */
function checkAccessLogSettings(kind: ApiKind, settings: AccessLogSettingsState): void {
  if (settings.destinationArn === '') throw badRequest('Access log destination must be specified');
  if (settings.format === '') throw badRequest('Access log format must be specified');
  const destination = validateDestinationArn(settings.destinationArn, kind).errors[0];
  if (destination) throw badRequest(destination.message);
  const format = validateFormat(settings.format, kind).errors[0];
  if (format) {
    throw badRequest(format.code === 'multi-line' ? AWS_SINGLE_LINE_MESSAGE : format.message);
  }
}
