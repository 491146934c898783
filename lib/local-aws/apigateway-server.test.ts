/**
 * Wire-level checks of the local control plane with the raw SDK clients: field casing, timestamps,
 * error types, AWS-like validation and persistence.
 */
import { test, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APIGatewayClient,
  BadRequestException,
  GetRestApisCommand,
  GetStageCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  BadRequestException as V2BadRequestException,
  GetApisCommand,
  GetStageCommand as GetV2StageCommand,
  NotFoundException as V2NotFoundException,
  UpdateStageCommand as UpdateV2StageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { AWS_SINGLE_LINE_MESSAGE } from '@/lib/access-log-settings/validate-format';
import { startLocalApiGateway, type LocalApiGateway } from './apigateway-server';
import { readRestStageFormat } from './read-stage-format';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const running: LocalApiGateway[] = [];
const temporary: string[] = [];

async function start(options: Parameters<typeof startLocalApiGateway>[0] = {}) {
  const server = await startLocalApiGateway(options);
  running.push(server);
  const config = { region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts: 1 };
  return { server, v1: new APIGatewayClient(config), v2: new ApiGatewayV2Client(config) };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('v1 and v2 bodies deserialize into the SDK shapes, timestamps included', async () => {
  const { v1, v2 } = await start();
  const apis = await v1.send(new GetRestApisCommand({}));
  expect(apis.items?.map((a) => a.id)).toEqual(['pets4x7k2p', 'ordr9m3q1z']);
  expect(apis.items?.[0].createdDate?.toISOString()).toBe('2024-01-15T09:30:00.000Z');
  expect(apis.position).toBeUndefined();

  const stage = await v1.send(new GetStageCommand({ restApiId: 'pets4x7k2p', stageName: 'prod' }));
  expect(stage.accessLogSettings?.destinationArn).toMatch(/deliverystream\/amazon-apigateway-demo/);
  expect(stage.lastUpdatedDate?.toISOString()).toBe('2024-03-01T12:00:00.000Z');

  const v2Apis = await v2.send(new GetApisCommand({}));
  expect(v2Apis.Items?.[0]).toMatchObject({ ApiId: 'inv8h2w5tq', ProtocolType: 'HTTP' });
  expect(v2Apis.Items?.[0].CreatedDate?.toISOString()).toBe('2024-03-10T10:00:00.000Z');
  const v2Stage = await v2.send(
    new GetV2StageCommand({ ApiId: 'inv8h2w5tq', StageName: '$default' }),
  );
  expect(v2Stage.AccessLogSettings?.DestinationArn).toMatch(/:log-group:/);
});

test('errors arrive as the modelled SDK exceptions with their messages', async () => {
  const { v1, v2 } = await start();
  const badPath = v1.send(
    new UpdateStageCommand({
      restApiId: 'pets4x7k2p',
      stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/cacheClusterSize', value: '0.5' }],
    }),
  );
  await expect(badPath).rejects.toBeInstanceOf(BadRequestException);
  await expect(badPath).rejects.toThrow(/Invalid patch path/);

  const multiLine = v1.send(
    new UpdateStageCommand({
      restApiId: 'pets4x7k2p',
      stageName: 'prod',
      patchOperations: [
        { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId\nx' },
      ],
    }),
  );
  await expect(multiLine).rejects.toThrow(AWS_SINGLE_LINE_MESSAGE);

  const missing = v2.send(new GetV2StageCommand({ ApiId: 'nope', StageName: 'prod' }));
  await expect(missing).rejects.toBeInstanceOf(V2NotFoundException);
});

test('unknown variables: REST accepts them, HTTP APIs refuse them', async () => {
  const { v1, v2 } = await start();
  const restFormat = '$context.requestId $context.notDocumented';
  const rest = await v1.send(
    new UpdateStageCommand({
      restApiId: 'pets4x7k2p',
      stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/accessLogSettings/format', value: restFormat }],
    }),
  );
  expect(rest.accessLogSettings?.format).toBe(restFormat);

  const http = v2.send(
    new UpdateV2StageCommand({
      ApiId: 'inv8h2w5tq',
      StageName: '$default',
      AccessLogSettings: {
        DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x',
        Format: '$context.requestId $context.notDocumented',
      },
    }),
  );
  await expect(http).rejects.toBeInstanceOf(V2BadRequestException);
  await expect(http).rejects.toThrow(/\$context\.notDocumented/);
});

test('a rejected patch changes nothing, even when its first operation was fine', async () => {
  const { server, v1 } = await start();
  const before = server.getState();
  await expect(
    v1.send(
      new UpdateStageCommand({
        restApiId: 'pets4x7k2p',
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId\n' },
          {
            op: 'replace',
            path: '/accessLogSettings/destinationArn',
            value: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/not-prefixed',
          },
        ],
      }),
    ),
  ).rejects.toThrow(/amazon-apigateway-/);
  expect(server.getState()).toEqual(before);
});

test('state persists across restarts when a file is given', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'local-apigw-'));
  temporary.push(dir);
  const file = path.join(dir, 'state.json');
  const first = await start({ persistFile: file });
  await first.v1.send(
    new UpdateStageCommand({
      restApiId: 'ordr9m3q1z',
      stageName: 'prod',
      patchOperations: [
        { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId\n' },
      ],
    }),
  );
  await first.server.close();
  running.splice(running.indexOf(first.server), 1);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('restApis');

  const second = await start({ persistFile: file });
  const stage = await second.v1.send(
    new GetStageCommand({ restApiId: 'ordr9m3q1z', stageName: 'prod' }),
  );
  expect(stage.accessLogSettings?.format).toBe('$context.requestId\n');
});

test('the traffic generator reads the current format through GetStage', async () => {
  const { server, v1 } = await start();
  const query = {
    endpoint: server.endpoint,
    region: 'us-east-1',
    restApiId: 'pets4x7k2p',
    stageName: 'prod',
  };
  expect((await readRestStageFormat(query))?.format).toMatch(/^\$context\.identity\.sourceIp /);
  await v1.send(
    new UpdateStageCommand({
      restApiId: 'pets4x7k2p',
      stageName: 'prod',
      patchOperations: [
        {
          op: 'replace',
          path: '/accessLogSettings/format',
          value: '{"id":"$context.requestId"}\n',
        },
      ],
    }),
  );
  expect(await readRestStageFormat(query)).toEqual({
    format: '{"id":"$context.requestId"}\n',
    destinationArn:
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-demo-pets-prod',
  });
  expect(
    await readRestStageFormat({ ...query, restApiId: 'ordr9m3q1z', stageName: 'dev' }),
  ).toBeNull();
});

test('malformed JSON bodies are refused', async () => {
  const { server } = await start();
  const response = await fetch(`${server.endpoint}/restapis/pets4x7k2p/stages/prod`, {
    method: 'PATCH',
    body: '{not json',
  });
  expect(response.status).toBe(400);
  expect(response.headers.get('x-amzn-errortype')).toBe('BadRequestException');
  expect(await response.json()).toEqual({ message: 'Could not parse request body into json' });
});
