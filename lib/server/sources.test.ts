import 'server-only';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseEnv } from '@/lib/env';
import { findPreset } from '@/lib/formats/presets';
import { buildFirehoseObjects } from '@/lib/generator/firehose-objects';
import { generateRequests } from '@/lib/generator/traffic';
import { createDirectorySink, writeObjects } from '@/lib/generator/write-objects';
import { formatsForSource, openLocalSource, parseSources, SourcesFileError } from './sources';
import { runRows, toNumber } from './store/database';
import { syncSource } from './sync/sync-range';
import { openTempStore, syncOptions } from './sync/test-fixtures';

const env = parseEnv({
  LOG_BUCKET: 'my-logs',
  AWS_REGION: 'eu-west-1',
  LOG_PREFIX: 'api/',
  LOG_FORMAT: 'clf',
});

test('without SOURCES_FILE there is one S3 source from the environment', () => {
  expect(parseSources(env)).toEqual([
    {
      kind: 's3',
      id: 'default',
      bucket: 'my-logs',
      prefixTemplate: 'api/',
      region: 'eu-west-1',
      endpoint: undefined,
      forcePathStyle: false,
      format: 'clf',
    },
  ]);
});

test('a sources file lists buckets and local folders', () => {
  const config = { ...env, sourcesFile: '/etc/dashboard/sources.json' };
  const sources = parseSources(
    config,
    JSON.stringify({
      sources: [
        { id: 'orders-prod', bucket: 'logs-a', prefix: 'orders/', format: 'json' },
        { id: 'archive', dir: 'archive', prefix: '' },
      ],
    }),
  );
  expect(sources).toEqual([
    {
      kind: 's3',
      id: 'orders-prod',
      bucket: 'logs-a',
      prefixTemplate: 'orders/',
      region: 'eu-west-1',
      endpoint: undefined,
      forcePathStyle: false,
      format: 'json',
    },
    {
      kind: 'local',
      id: 'archive',
      dir: '/etc/dashboard/archive',
      prefixTemplate: '',
      format: undefined,
    },
  ]);
  expect(() => parseSources(config, '{')).toThrow(SourcesFileError);
  expect(() =>
    parseSources(config, JSON.stringify({ sources: [{ id: 'Bad Id', bucket: 'b' }] })),
  ).toThrow(/sources.0.id/);
  expect(() =>
    parseSources(
      config,
      JSON.stringify({
        sources: [
          { id: 'a', dir: 'x' },
          { id: 'a', dir: 'y' },
        ],
      }),
    ),
  ).toThrow(/appears twice/);
});

test('a recorded format history wins over the configured format; nothing configured means auto', () => {
  const [source] = parseSources(env);
  const history = [{ template: '$context.requestId', effectiveFrom: 5 }];
  expect(formatsForSource(source, () => history)).toBe(history);
  expect(formatsForSource(source, () => [])).toEqual([
    { template: findPreset('clf')?.template, effectiveFrom: null },
  ]);
  expect(formatsForSource({ ...source, format: undefined }, () => [])).toBe('auto');
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'local-source-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a local folder with the Firehose layout loads like a bucket, error folders skipped', async () => {
  const start = Date.UTC(2024, 4, 1, 10);
  const requests = [...generateRequests({ seed: 3, start, end: start + 3_600_000, count: 500 })];
  const template = findPreset('custom-json')?.template ?? '';
  const objects = [
    ...buildFirehoseObjects(requests, {
      stream: 'local',
      formats: [{ template, effectiveFrom: null }],
      seed: 3,
      duplicateFraction: 0,
    }),
  ];
  await writeObjects(objects, createDirectorySink(dir));
  await mkdir(path.join(dir, '2024/05/01/10/processing-failed'), { recursive: true });
  await writeFile(
    path.join(
      dir,
      '2024/05/01/10/processing-failed',
      'amazon-apigateway-local-1-2024-05-01-10-00-00-x.gz',
    ),
    'x',
  );
  const source = openLocalSource({ kind: 'local', id: 'archive', dir, prefixTemplate: '' });
  const listed = await source.listHours([start - 3_600_000, start, start + 3_600_000]);
  expect(listed.map((r) => r.key).sort()).toEqual(objects.map((o) => o.key).sort());
  expect(listed.every((r) => r.etag.length > 0 && r.size > 0)).toBe(true);
  const temp = await openTempStore();
  try {
    const options = syncOptions({ now: start + 10 * 3_600_000 });
    await syncSource(temp.store, source, 'auto', { from: start, to: start + 3_600_000 }, options);
    expect(options.progress.issues).toEqual([]);
    const rows = await runRows(temp.store.writer, {
      sql: `SELECT count(*) AS n FROM ${temp.store.recordsRelation} WHERE source = 'archive'`,
      params: [],
    });
    expect(toNumber(rows[0].n)).toBe(500);
  } finally {
    await temp.close();
  }
});
