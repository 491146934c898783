import 'server-only';
import { expect, test } from 'vitest';
import { ConfigError } from '@/lib/env';
import { parseApiGatewayEnv } from './api-gateway-config';

test('defaults to the log bucket region and the AWS endpoints', () => {
  expect(parseApiGatewayEnv({}, 'eu-west-1')).toEqual({
    endpoint: undefined,
    regions: ['eu-west-1'],
  });
  expect(
    parseApiGatewayEnv({ APIGATEWAY_ENDPOINT: '  ', APIGATEWAY_REGIONS: ' , ' }, 'eu-west-1'),
  ).toEqual({
    endpoint: undefined,
    regions: ['eu-west-1'],
  });
});

test('reads the endpoint and a comma-separated region list, without duplicates', () => {
  expect(
    parseApiGatewayEnv(
      {
        APIGATEWAY_ENDPOINT: 'http://127.0.0.1:4510',
        APIGATEWAY_REGIONS: 'us-east-1, eu-west-1,us-east-1',
      },
      'eu-central-1',
    ),
  ).toEqual({ endpoint: 'http://127.0.0.1:4510', regions: ['us-east-1', 'eu-west-1'] });
});

test('names each bad variable', () => {
  let error: unknown;
  try {
    parseApiGatewayEnv(
      { APIGATEWAY_ENDPOINT: 'not a url', APIGATEWAY_REGIONS: 'us-east-1,Europe' },
      'us-east-1',
    );
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems;
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(/^APIGATEWAY_ENDPOINT must be a URL/);
  expect(problems[1]).toMatch(/^APIGATEWAY_REGIONS has "Europe", not an AWS region/);
});
