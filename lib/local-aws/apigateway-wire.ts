/**
 * State -> JSON bodies exactly as the SDK's restJson1 deserializers read them. v1 uses camelCase
 * members, lists under `item`, timestamps as epoch seconds; v2 uses camelCase jsonNames, lists under
 * `items`, timestamps as ISO-8601 strings (checked against @aws-sdk/client-api-gateway and
 * client-apigatewayv2 schemas).
 */
import type { RestApiState, RestStageState, V2ApiState, V2StageState } from './apigateway-state';

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function toRestApi(api: RestApiState) {
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    createdDate: epochSeconds(api.createdDate),
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: ['REGIONAL'] },
    disableExecuteApiEndpoint: false,
  };
}

export function toRestStage(stage: RestStageState) {
  return {
    stageName: stage.stageName,
    deploymentId: stage.deploymentId,
    description: stage.description,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: {},
    variables: stage.variables,
    accessLogSettings: stage.accessLogSettings
      ? {
          format: stage.accessLogSettings.format,
          destinationArn: stage.accessLogSettings.destinationArn,
        }
      : undefined,
    tracingEnabled: stage.tracingEnabled ?? false,
    createdDate: epochSeconds(stage.createdDate),
    lastUpdatedDate: epochSeconds(stage.lastUpdatedDate),
  };
}

export function toV2Api(api: V2ApiState, region: string) {
  const scheme = api.protocolType === 'WEBSOCKET' ? 'wss' : 'https';
  return {
    apiId: api.apiId,
    name: api.name,
    protocolType: api.protocolType,
    description: api.description,
    apiEndpoint: `${scheme}://${api.apiId}.execute-api.${region}.amazonaws.com`,
    createdDate: api.createdDate,
    routeSelectionExpression:
      api.protocolType === 'WEBSOCKET' ? '$request.body.action' : '$request.method $request.path',
    apiKeySelectionExpression: '$request.header.x-api-key',
    disableExecuteApiEndpoint: false,
    tags: {},
  };
}

export function toV2Stage(stage: V2StageState) {
  return {
    stageName: stage.stageName,
    deploymentId: stage.deploymentId,
    description: stage.description,
    autoDeploy: stage.autoDeploy ?? false,
    accessLogSettings: stage.accessLogSettings
      ? {
          destinationArn: stage.accessLogSettings.destinationArn,
          format: stage.accessLogSettings.format,
        }
      : undefined,
    createdDate: stage.createdDate,
    lastUpdatedDate: stage.lastUpdatedDate,
    defaultRouteSettings: { detailedMetricsEnabled: false },
    routeSettings: {},
    stageVariables: stage.stageVariables ?? {},
    tags: {},
  };
}
