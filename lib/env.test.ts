import { expect, test } from 'vitest';
import { ConfigError, parseEnv } from './env';

const valid = { LOG_BUCKET: 'my-logs', AWS_REGION: 'eu-west-1' };

test('a minimal valid environment gives defaults', () => {
  const config = parseEnv(valid);
  expect(config.bucket).toBe('my-logs');
  expect(config.prefixTemplate).toBe('');
  expect(config.s3Endpoint).toBeUndefined();
  expect(config.s3ForcePathStyle).toBe(false);
  expect(config.dataDir.endsWith('.data')).toBe(true);
});

test('a missing bucket variable is named in the error', () => {
  expect(() => parseEnv({ AWS_REGION: 'eu-west-1' })).toThrowError(/LOG_BUCKET is required/);
});

test('every bad variable is reported at once', () => {
  try {
    parseEnv({ LOG_BUCKET: 'Bad_Bucket', AWS_REGION: 'mars', S3_ENDPOINT: 'not a url' });
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/LOG_BUCKET must be an S3 bucket name/);
    expect(problems).toMatch(/AWS_REGION must be an AWS region/);
    expect(problems).toMatch(/S3_ENDPOINT must be a URL/);
  }
});

test('an endpoint turns on path-style addressing unless told otherwise', () => {
  expect(parseEnv({ ...valid, S3_ENDPOINT: 'http://127.0.0.1:4569' }).s3ForcePathStyle).toBe(true);
  expect(
    parseEnv({ ...valid, S3_ENDPOINT: 'http://127.0.0.1:4569', S3_FORCE_PATH_STYLE: 'false' })
      .s3ForcePathStyle,
  ).toBe(false);
});

test('an unknown Firehose prefix expression is refused', () => {
  expect(() => parseEnv({ ...valid, LOG_PREFIX: 'logs/!{date:yyyy}/' })).toThrowError(/LOG_PREFIX/);
  expect(parseEnv({ ...valid, LOG_PREFIX: 'logs/year=!{timestamp:yyyy}/' }).prefixTemplate).toBe(
    'logs/year=!{timestamp:yyyy}/',
  );
});

test('sync and store settings have defaults and are range-checked', () => {
  const config = parseEnv(valid);
  expect(config.syncIntervalSeconds).toBe(60);
  expect(config.syncConcurrency).toBe(8);
  expect(config.storeMaxMb).toBe(20_480);
  expect(config.storeMaxAgeDays).toBe(30);
  expect(config.storeMemoryMb).toBe(768);
  expect(config.storeLoadMemoryMb).toBe(384);
  expect(config.sourcesFile).toBeUndefined();
  const custom = parseEnv({
    ...valid,
    SYNC_INTERVAL_SECONDS: '0',
    STORE_MAX_MB: '500',
    STORE_MAX_AGE_DAYS: '7',
    SOURCES_FILE: 'sources.json',
  });
  expect(custom.syncIntervalSeconds).toBe(0);
  expect(custom.storeMaxMb).toBe(500);
  expect(custom.storeMaxAgeDays).toBe(7);
  expect(custom.sourcesFile?.endsWith('sources.json')).toBe(true);
  expect(() => parseEnv({ ...valid, SYNC_INTERVAL_SECONDS: 'often' })).toThrowError(
    /SYNC_INTERVAL_SECONDS must be a whole number/,
  );
  expect(() => parseEnv({ ...valid, STORE_MAX_AGE_DAYS: '-1' })).toThrowError(
    /STORE_MAX_AGE_DAYS must be at least 0/,
  );
  expect(() => parseEnv({ ...valid, SYNC_CONCURRENCY: '1.5' })).toThrowError(
    /SYNC_CONCURRENCY must be a whole number/,
  );
});
