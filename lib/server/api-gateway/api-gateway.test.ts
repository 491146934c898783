import 'server-only';
/**
 * Integration: the real SDK clients, through our wrappers, against the local control plane.
 */
import { test, expect, beforeEach, afterEach } from 'vitest';
import { findPreset } from '@/lib/formats/presets';
import {
  addLatencyFields,
  addUserAgent,
  endWithNewline,
} from '@/lib/access-log-settings/template-edits';
import { AWS_SINGLE_LINE_MESSAGE } from '@/lib/access-log-settings/validate-format';
import { startLocalApiGateway, type LocalApiGateway } from '@/lib/local-aws/apigateway-server';
import { createApiGatewayClients, type ApiGatewayClients } from './clients';
import { listApisWithStages } from './list-apis';
import { disableAccessLogs, getStage, updateAccessLogSettings } from './stages';
import type { ApiGatewayError, ApiGatewayResult, StageRef } from './types';

const PETS_PROD: StageRef = { apiKind: 'rest', apiId: 'pets4x7k2p', stageName: 'prod' };
const INVENTORY: StageRef = { apiKind: 'http', apiId: 'inv8h2w5tq', stageName: '$default' };
const FIREHOSE =
  'arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-demo-pets-prod';
const LOG_GROUP =
  'arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/inventory-http-api';
const JSON_WITH_LATENCY = endWithNewline(
  addUserAgent(addLatencyFields(findPreset('json')?.template ?? '')),
);

let server: LocalApiGateway;
let clients: ApiGatewayClients;

const connect = (maxAttempts = 3) =>
  createApiGatewayClients({
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts,
  });

beforeEach(async () => {
  server = await startLocalApiGateway();
  clients = connect();
});

afterEach(async () => {
  await server.close();
});

function value<T>(result: ApiGatewayResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function failure<T>(result: ApiGatewayResult<T>): ApiGatewayError {
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const writes = () => server.requestLog().filter((r) => r.method !== 'GET');

test('lists REST and HTTP APIs with each stage destination and format', async () => {
  const { apis, failures } = value(await listApisWithStages(clients));
  expect(failures).toEqual([]);
  expect(apis.map((a) => `${a.apiKind}:${a.name}`)).toEqual([
    'http:inventory-http-api',
    'rest:orders-api',
    'rest:pets-api',
  ]);
  const pets = apis.find((a) => a.name === 'pets-api');
  expect(pets?.stages.map((s) => s.ref.stageName)).toEqual(['prod', 'staging']);
  expect(pets?.stages[0]).toMatchObject({
    destinationType: 'firehose',
    accessLog: { destinationArn: FIREHOSE, format: findPreset('clf')?.template },
  });
  expect(pets?.stages[0].lastUpdatedDate).toBeInstanceOf(Date);
  const orders = apis.find((a) => a.name === 'orders-api');
  expect(orders?.stages.find((s) => s.ref.stageName === 'dev')?.accessLog).toBeNull();
  const inventory = apis.find((a) => a.apiKind === 'http');
  expect(inventory?.stages[0]).toMatchObject({ destinationType: 'cloudwatch', ref: INVENTORY });
});

test('follows position and nextToken paging', async () => {
  await server.close();
  const seedState = server.getState();
  seedState.v2Apis.push({
    apiId: 'chat5w1s9x',
    name: 'chat-websocket-api',
    protocolType: 'WEBSOCKET',
    createdDate: '2024-04-01T00:00:00.000Z',
    stages: ['a', 'b', 'c'].map((stageName) => ({
      stageName,
      createdDate: '2024-04-01T00:00:00.000Z',
      lastUpdatedDate: '2024-04-01T00:00:00.000Z',
    })),
  });
  server = await startLocalApiGateway({ seed: seedState, maxPageSize: 1 });
  clients = connect();
  const { apis } = value(await listApisWithStages(clients));
  expect(apis.map((a) => `${a.apiKind}:${a.name}`)).toEqual([
    'websocket:chat-websocket-api',
    'http:inventory-http-api',
    'rest:orders-api',
    'rest:pets-api',
  ]);
  expect(apis[0].stages.map((s) => s.ref.stageName)).toEqual(['a', 'b', 'c']);
  const calls = (path: string) => server.requestLog().filter((r) => r.path === path).length;
  expect(calls('/restapis')).toBe(2);
  expect(calls('/v2/apis')).toBe(2);
  expect(calls('/v2/apis/chat5w1s9x/stages')).toBe(3);
});

test('gets one stage of each kind, including the $default stage name', async () => {
  expect(value(await getStage(clients, PETS_PROD)).accessLog?.destinationArn).toBe(FIREHOSE);
  const inventory = value(await getStage(clients, INVENTORY));
  expect(inventory.accessLog?.format).toBe(findPreset('http-json')?.template);
  expect(inventory.ref).toEqual(INVENTORY);
});

test('switches a REST stage from CLF to JSON with latency and user agent', async () => {
  const loaded = value(await getStage(clients, PETS_PROD)).accessLog;
  const saved = value(
    await updateAccessLogSettings(clients, PETS_PROD, {
      settings: { destinationArn: FIREHOSE, format: JSON_WITH_LATENCY },
      loaded,
    }),
  );
  expect(saved.accessLog).toEqual({ destinationArn: FIREHOSE, format: JSON_WITH_LATENCY });
  expect(value(await getStage(clients, PETS_PROD)).accessLog?.format).toBe(JSON_WITH_LATENCY);
  const stored = server.getState().restApis[0].stages[0];
  expect(stored.accessLogSettings?.format).toBe(JSON_WITH_LATENCY);
  // Re-read first, then one PATCH carrying both fields.
  expect(server.requestLog().map((r) => r.method)).toEqual(['GET', 'GET', 'PATCH', 'GET']);
});

test('updates an HTTP API stage and enables logging on a stage that had none', async () => {
  const format = endWithNewline(addLatencyFields(findPreset('http-json')?.template ?? ''));
  const loaded = value(await getStage(clients, INVENTORY)).accessLog;
  const saved = value(
    await updateAccessLogSettings(clients, INVENTORY, {
      settings: { destinationArn: LOG_GROUP, format },
      loaded,
    }),
  );
  expect(saved.accessLog?.format).toBe(format);

  const dev: StageRef = { apiKind: 'rest', apiId: 'ordr9m3q1z', stageName: 'dev' };
  const enabled = value(
    await updateAccessLogSettings(clients, dev, {
      settings: { destinationArn: FIREHOSE, format: JSON_WITH_LATENCY },
      loaded: null,
    }),
  );
  expect(enabled.destinationType).toBe('firehose');
});

test("AWS's validation errors come back verbatim as bad-request", async () => {
  const loaded = value(await getStage(clients, PETS_PROD)).accessLog;
  const multiLine = failure(
    await updateAccessLogSettings(clients, PETS_PROD, {
      settings: { destinationArn: FIREHOSE, format: '$context.requestId\n$context.status' },
      loaded,
      validate: false,
    }),
  );
  expect(multiLine).toMatchObject({ kind: 'bad-request', awsMessage: AWS_SINGLE_LINE_MESSAGE });

  const firehoseOnHttp = failure(
    await updateAccessLogSettings(clients, INVENTORY, {
      settings: { destinationArn: FIREHOSE, format: '$context.requestId' },
      loaded: value(await getStage(clients, INVENTORY)).accessLog,
      validate: false,
    }),
  );
  expect(firehoseOnHttp.kind).toBe('bad-request');
  expect(firehoseOnHttp.message).toMatch(/cannot log to Kinesis Data Firehose/);

  const wrongStream = failure(
    await updateAccessLogSettings(clients, PETS_PROD, {
      settings: {
        destinationArn: FIREHOSE.replace('amazon-apigateway-', ''),
        format: '$context.requestId',
      },
      loaded,
      validate: false,
    }),
  );
  expect(wrongStream.message).toMatch(/amazon-apigateway-/);
  // Nothing was applied.
  expect(value(await getStage(clients, PETS_PROD)).accessLog).toEqual(loaded);
});

test('our validation refuses before anything is sent', async () => {
  const result = failure(
    await updateAccessLogSettings(clients, INVENTORY, {
      settings: { destinationArn: LOG_GROUP, format: '$context.requestId $context.resourcePath' },
      loaded: null,
    }),
  );
  expect(result.kind).toBe('invalid');
  expect(server.requestLog()).toEqual([]);
});

test('a concurrent change is detected as a conflict carrying both versions', async () => {
  const pageA = value(await getStage(clients, PETS_PROD)).accessLog;
  const pageB = value(await getStage(clients, PETS_PROD)).accessLog;
  const otherFormat = endWithNewline(findPreset('csv')?.template ?? '');
  value(
    await updateAccessLogSettings(clients, PETS_PROD, {
      settings: { destinationArn: FIREHOSE, format: otherFormat },
      loaded: pageB,
    }),
  );
  const patchesBefore = writes().length;
  const conflict = failure(
    await updateAccessLogSettings(clients, PETS_PROD, {
      settings: { destinationArn: FIREHOSE, format: JSON_WITH_LATENCY },
      loaded: pageA,
    }),
  );
  expect(conflict).toMatchObject({
    kind: 'conflict',
    loaded: pageA,
    current: { destinationArn: FIREHOSE, format: otherFormat },
  });
  expect(writes()).toHaveLength(patchesBefore);
  expect(value(await getStage(clients, PETS_PROD)).accessLog?.format).toBe(otherFormat);
  // Disabling with a stale view is refused the same way.
  expect(failure(await disableAccessLogs(clients, PETS_PROD, { loaded: pageA })).kind).toBe(
    'conflict',
  );
});

test('AccessDenied is mapped with the missing permission named', async () => {
  const loaded = value(await getStage(clients, PETS_PROD)).accessLog;
  server.setFaults({ denyWrites: true });
  const denied = failure(
    await updateAccessLogSettings(clients, PETS_PROD, {
      settings: { destinationArn: FIREHOSE, format: JSON_WITH_LATENCY },
      loaded,
    }),
  );
  expect(denied).toMatchObject({ kind: 'access-denied', action: 'apigateway:PATCH' });
  expect(denied.message).toContain('apigateway:PATCH');

  const inventoryLoaded = value(await getStage(clients, INVENTORY)).accessLog;
  const deleteDenied = failure(
    await disableAccessLogs(clients, INVENTORY, { loaded: inventoryLoaded }),
  );
  expect(deleteDenied).toMatchObject({ kind: 'access-denied', action: 'apigateway:DELETE' });

  server.setFaults({ denyReads: true });
  const listing = failure(await listApisWithStages(clients));
  expect(listing).toMatchObject({ kind: 'access-denied', action: 'apigateway:GET' });
});

test('throttling is retried by the SDK, then reported when it persists', async () => {
  // Adaptive mode also slows the client after a throttle (~2 s here), as it would against AWS.
  server.setFaults({ throttleNext: 1 });
  expect(value(await getStage(clients, PETS_PROD)).ref).toEqual(PETS_PROD);
  expect(server.requestLog().map((r) => r.status)).toEqual([429, 200]);

  server.setFaults({ throttleNext: 100 });
  const throttled = failure(await getStage(connect(2), PETS_PROD));
  expect(throttled.kind).toBe('throttled');
});

test('unknown stages are not-found; an unreachable endpoint is unavailable', async () => {
  const missing = failure(await getStage(clients, { ...PETS_PROD, stageName: 'nope' }));
  expect(missing.kind).toBe('not-found');
  const endpoint = server.endpoint;
  await server.close();
  const offline = createApiGatewayClients({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  expect(failure(await getStage(offline, PETS_PROD)).kind).toBe('unavailable');
  server = await startLocalApiGateway();
});

test('disables access logging for REST (patch remove) and HTTP (DeleteAccessLogSettings)', async () => {
  const restLoaded = value(await getStage(clients, PETS_PROD)).accessLog;
  expect(
    value(await disableAccessLogs(clients, PETS_PROD, { loaded: restLoaded })).accessLog,
  ).toBeNull();
  expect(value(await getStage(clients, PETS_PROD)).accessLog).toBeNull();

  const httpLoaded = value(await getStage(clients, INVENTORY)).accessLog;
  expect(
    value(await disableAccessLogs(clients, INVENTORY, { loaded: httpLoaded })).accessLog,
  ).toBeNull();
  expect(value(await getStage(clients, INVENTORY)).accessLog).toBeNull();
  expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
    'PATCH /restapis/pets4x7k2p/stages/prod',
    'DELETE /v2/apis/inv8h2w5tq/stages/%24default/accesslogsettings',
  ]);
});
