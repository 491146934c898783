import { expect, test } from 'vitest';
import { buildObjectKey, expandPrefix } from './firehose-keys';

const arrival = Date.UTC(2024, 3, 5, 7, 3, 9, 512); // 2024-04-05T07:03:09.512Z

test('an empty prefix becomes the default yyyy/MM/dd/HH/ of the arrival time', () => {
  expect(expandPrefix('', { arrival })).toBe('2024/04/05/07/');
});

test('a prefix without a timestamp expression gets the default appended, verbatim', () => {
  expect(expandPrefix('logs/', { arrival })).toBe('logs/2024/04/05/07/');
  expect(expandPrefix('raw-', { arrival })).toBe('raw-2024/04/05/07/');
});

test('timestamp expressions expand in UTC and replace the default', () => {
  const prefix =
    'logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/';
  expect(expandPrefix(prefix, { arrival })).toBe('logs/year=2024/month=04/day=05/hour=07/');
  expect(expandPrefix("!{timestamp:yyyy-MM-dd'T'HH}/", { arrival })).toBe('2024-04-05T07/');
});

test('firehose:random-string is taken from the context; unknown expressions are rejected', () => {
  expect(expandPrefix('!{firehose:random-string}/', { arrival, randomString: 'abc' })).toBe(
    'abc/2024/04/05/07/',
  );
  expect(() => expandPrefix('!{firehose:random-string}/', { arrival })).toThrow(/random string/);
  expect(() => expandPrefix('!{partitionKeyFromQuery:x}/', { arrival })).toThrow(/unsupported/);
});

test('object keys follow the Firehose layout', () => {
  const key = buildObjectKey({
    prefix: '',
    stream: 'pets',
    arrival,
    uuid: '0f8fad5b-d9cb-469f-a165-70867728950e',
  });
  expect(key).toBe(
    '2024/04/05/07/amazon-apigateway-pets-1-2024-04-05-07-03-09-0f8fad5b-d9cb-469f-a165-70867728950e.gz',
  );
});
