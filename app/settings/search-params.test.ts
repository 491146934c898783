import { expect, test } from 'vitest';
import { loadSettingsSearchParams, settingsHref } from './search-params';

test('a stage link round-trips through the loader, $default included', () => {
  const href = settingsHref(
    { region: 'us-east-1', apiId: 'inv8h2w5tq', stageName: '$default' },
    'us-east-1',
  );
  expect(href).toMatch(/^\/settings\?api=inv8h2w5tq&stage=/);
  expect(href).not.toContain('region=');
  const url = new URL(href, 'http://localhost');
  expect(loadSettingsSearchParams(url.searchParams)).toEqual({
    region: null,
    api: 'inv8h2w5tq',
    stage: '$default',
  });
});

test('names the region when it is not the default one', () => {
  const href = settingsHref({ region: 'eu-west-1', apiId: 'abc', stageName: 'prod' }, 'us-east-1');
  expect(loadSettingsSearchParams(new URL(href, 'http://localhost').searchParams)).toEqual({
    region: 'eu-west-1',
    api: 'abc',
    stage: 'prod',
  });
});

test('missing parameters load as null', () => {
  expect(loadSettingsSearchParams({})).toEqual({ region: null, api: null, stage: null });
});
