import { test, expect } from 'vitest';
import { FORMAT_PRESETS } from '@/lib/formats/presets';
import {
  AWS_SINGLE_LINE_MESSAGE,
  validateAccessLogSettings,
  validateDestinationArn,
  validateFormat,
  type IssueCode,
} from './validate-format';

const FIREHOSE = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-demo';
const LOG_GROUP = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/demo';
const codes = (issues: { code: IssueCode }[]) => issues.map((i) => i.code);

test('every preset is valid for its own API kind', () => {
  for (const preset of FORMAT_PRESETS) {
    const kind = preset.family === 'http' ? 'http' : 'rest';
    const result = validateFormat(preset.template, kind);
    expect(result.errors, preset.id).toEqual([]);
    expect(result.warnings, preset.id).toEqual([]);
  }
});

test('requires $context.requestId or $context.extendedRequestId', () => {
  expect(codes(validateFormat('$context.status', 'rest').errors)).toEqual(['missing-request-id']);
  expect(validateFormat('$context.extendedRequestId', 'rest').errors).toEqual([]);
  // A longer name that merely starts with requestId does not count.
  expect(codes(validateFormat('$context.requestIdX', 'rest').errors)).toContain(
    'missing-request-id',
  );
});

test('one line: a newline only at the very end, with AWS wording', () => {
  expect(validateFormat('$context.requestId\n', 'rest').errors).toEqual([]);
  const result = validateFormat('$context.requestId\n$context.status', 'http');
  expect(codes(result.errors)).toEqual(['multi-line']);
  expect(result.errors[0].field).toBe('format');
  expect(result.errors[0].message).toContain(AWS_SINGLE_LINE_MESSAGE);
  expect(codes(validateFormat('$context.requestId\n\n', 'rest').errors)).toEqual(['multi-line']);
  expect(codes(validateFormat('$context.requestId\r\n', 'rest').warnings)).toEqual([
    'carriage-return',
  ]);
});

test('only $context variables: any other $ is an error', () => {
  for (const bad of ['$input.body', '$stageVariables.env', '${context.status}', '$context', '$']) {
    const result = validateFormat(`$context.requestId ${bad}`, 'rest');
    expect(codes(result.errors), bad).toEqual(['not-context-variable']);
  }
  expect(validateFormat('$context.requestId cost', 'rest').errors).toEqual([]);
});

test('unknown variables warn for REST and are refused for HTTP and WebSocket APIs', () => {
  const rest = validateFormat('$context.requestId $context.madeUp', 'rest');
  expect(rest.errors).toEqual([]);
  expect(codes(rest.warnings)).toEqual(['unknown-variable']);
  expect(rest.warnings[0].message).toContain('$context.madeUp');

  const http = validateFormat('$context.requestId $context.madeUp $context.madeUp', 'http');
  expect(codes(http.errors)).toEqual(['unknown-variable']);

  const routeOnRest = validateFormat('$context.requestId $context.resourcePath', 'http');
  expect(routeOnRest.errors[0].message).toContain('$context.routeKey');
  expect(
    codes(validateFormat('$context.requestId $context.eventType', 'websocket').errors),
  ).toEqual([]);
});

test('length is limited to 1024 characters', () => {
  const base = '$context.requestId ';
  const ok = base + 'x'.repeat(1024 - base.length);
  expect(validateFormat(ok, 'rest').errors).toEqual([]);
  expect(codes(validateFormat(`${ok}x`, 'rest').errors)).toEqual(['too-long']);
});

test('an empty format is refused', () => {
  expect(codes(validateFormat('  ', 'rest').errors)).toEqual(['format-empty']);
});

test('destination ARNs: Firehose with the required prefix or a CloudWatch log group', () => {
  expect(validateDestinationArn(FIREHOSE, 'rest').errors).toEqual([]);
  expect(validateDestinationArn(LOG_GROUP, 'rest').errors).toEqual([]);
  expect(validateDestinationArn(`${LOG_GROUP}:*`, 'http').errors).toEqual([]);
  const wrongName = validateDestinationArn(FIREHOSE.replace('amazon-apigateway-', 'my-'), 'rest');
  expect(codes(wrongName.errors)).toEqual(['firehose-stream-name']);
  expect(wrongName.errors[0].field).toBe('destinationArn');
  for (const bad of [
    'arn:aws:s3:::bucket',
    'arn:aws:firehose:eu-west-1:12345:deliverystream/amazon-apigateway-x',
    'arn:aws:logs:eu-west-1:123456789012:log-group:',
    'not an arn',
  ]) {
    expect(codes(validateDestinationArn(bad, 'rest').errors), bad).toEqual([
      'destination-malformed',
    ]);
  }
  expect(codes(validateDestinationArn('', 'rest').errors)).toEqual(['destination-empty']);
});

test('HTTP and WebSocket APIs cannot log to Firehose, and the message says so', () => {
  for (const kind of ['http', 'websocket'] as const) {
    const result = validateDestinationArn(FIREHOSE, kind);
    expect(codes(result.errors)).toEqual(['firehose-not-supported']);
    expect(result.errors[0].message).toMatch(/cannot log to Kinesis Data Firehose/);
  }
  // Even a malformed Firehose ARN gets the more useful message.
  expect(codes(validateDestinationArn('arn:aws:firehose:x', 'http').errors)).toEqual([
    'firehose-not-supported',
  ]);
});

test('combined validation warns when Firehose records would be glued', () => {
  const glued = validateAccessLogSettings({
    apiKind: 'rest',
    format: '$context.requestId',
    destinationArn: FIREHOSE,
  });
  expect(glued.errors).toEqual([]);
  expect(codes(glued.warnings)).toEqual(['no-trailing-newline']);
  const lines = validateAccessLogSettings({
    apiKind: 'rest',
    format: '$context.requestId\n',
    destinationArn: FIREHOSE,
  });
  expect(lines.warnings).toEqual([]);
  const cloudwatch = validateAccessLogSettings({
    apiKind: 'http',
    format: '$context.madeUp',
    destinationArn: LOG_GROUP,
  });
  expect(codes(cloudwatch.errors).sort()).toEqual(['missing-request-id', 'unknown-variable']);
});
