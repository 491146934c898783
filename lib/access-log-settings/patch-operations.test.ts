import { test, expect } from 'vitest';
import {
  buildHttpDisableInput,
  buildHttpUpdateStageInput,
  buildRestDisableOperations,
  buildRestUpdateOperations,
  sameAccessLogSettings,
} from './patch-operations';

const settings = {
  destinationArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-demo',
  format: '{"id":"$context.requestId"}\n',
};

test('REST update replaces destination and format in one request', () => {
  expect(buildRestUpdateOperations(settings)).toEqual([
    { op: 'replace', path: '/accessLogSettings/destinationArn', value: settings.destinationArn },
    { op: 'replace', path: '/accessLogSettings/format', value: settings.format },
  ]);
});

test('REST disable removes the whole accessLogSettings', () => {
  expect(buildRestDisableOperations()).toEqual([{ op: 'remove', path: '/accessLogSettings' }]);
});

test('v2 update carries AccessLogSettings with SDK casing; disable names the stage', () => {
  expect(buildHttpUpdateStageInput('abc123', '$default', settings)).toEqual({
    ApiId: 'abc123',
    StageName: '$default',
    AccessLogSettings: { DestinationArn: settings.destinationArn, Format: settings.format },
  });
  expect(buildHttpDisableInput('abc123', 'prod')).toEqual({ ApiId: 'abc123', StageName: 'prod' });
});

test('settings comparison', () => {
  expect(sameAccessLogSettings(settings, { ...settings })).toBe(true);
  expect(sameAccessLogSettings(settings, { ...settings, format: 'x' })).toBe(false);
  expect(sameAccessLogSettings(settings, { ...settings, destinationArn: 'y' })).toBe(false);
  expect(sameAccessLogSettings(null, null)).toBe(true);
  expect(sameAccessLogSettings(settings, null)).toBe(false);
});
