import { test, expect } from 'vitest';
import { VARIABLE_TO_FIELD } from '@/lib/formats/canonical-record';
import { FORMAT_PRESETS } from '@/lib/formats/presets';
import { templateVariables } from '@/lib/formats/template-tokens';
import {
  CONTEXT_VARIABLES,
  findContextVariable,
  listContextVariables,
  searchContextVariables,
} from './context-variables';

test('every catalog name is unique and tokenizes as one whole variable', () => {
  const names = CONTEXT_VARIABLES.map((v) => v.name);
  expect(new Set(names).size).toBe(names.length);
  for (const v of CONTEXT_VARIABLES) {
    const concrete = v.prefix ? `${v.prefix}example_name` : v.name;
    expect(templateVariables(concrete)).toEqual([concrete]);
    expect(v.apis.length).toBeGreaterThan(0);
    expect(v.description).toMatch(/\.$/);
  }
});

test('every variable of every preset is known for the preset family', () => {
  for (const preset of FORMAT_PRESETS) {
    const kind = preset.family === 'http' ? 'http' : 'rest';
    for (const name of templateVariables(preset.template)) {
      expect(findContextVariable(name, kind), `${preset.id}: ${name}`).toBeDefined();
    }
  }
});

test('every variable the canonical record maps is in the catalog', () => {
  for (const name of Object.keys(VARIABLE_TO_FIELD)) {
    expect(findContextVariable(name), name).toBeDefined();
  }
});

test('support differs by API kind where the guides differ', () => {
  expect(findContextVariable('$context.resourcePath', 'rest')).toBeDefined();
  expect(findContextVariable('$context.resourcePath', 'http')).toBeUndefined();
  expect(findContextVariable('$context.routeKey', 'rest')).toBeUndefined();
  expect(findContextVariable('$context.routeKey', 'http')).toBeDefined();
  expect(findContextVariable('$context.eventType', 'websocket')).toBeDefined();
  expect(findContextVariable('$context.eventType', 'http')).toBeUndefined();
  expect(findContextVariable('$context.wafResponseCode', 'rest')?.valueKind).toBe('string');
  expect(findContextVariable('$context.dataProcessed', 'rest')).toBeUndefined();
});

test('prefix patterns match one trailing segment, exact names win', () => {
  expect(findContextVariable('$context.authorizer.claims.sub', 'http')?.name).toBe(
    '$context.authorizer.claims.{property}',
  );
  expect(findContextVariable('$context.authorizer.tenantId', 'rest')?.name).toBe(
    '$context.authorizer.{property}',
  );
  expect(findContextVariable('$context.authorizer.latency', 'rest')?.name).toBe(
    '$context.authorizer.latency',
  );
  expect(findContextVariable('$context.requestOverride.header.Accept', 'rest')?.name).toBe(
    '$context.requestOverride.header.{header_name}',
  );
  expect(findContextVariable('$context.requestOverride.header.Accept', 'http')).toBeUndefined();
  expect(findContextVariable('$context.authorizer.a.b', 'rest')).toBeUndefined();
  expect(findContextVariable('$context.nope', 'rest')).toBeUndefined();
});

test('search ranks name matches first and filters by kind', () => {
  const latency = searchContextVariables('latency', 'rest').map((v) => v.name);
  expect(latency).toContain('$context.responseLatency');
  expect(latency).toContain('$context.integrationLatency');
  const ua = searchContextVariables('user agent', 'http').map((v) => v.name);
  expect(ua[0]).toBe('$context.identity.userAgent');
  expect(searchContextVariables('routeKey', 'rest')).toEqual([]);
  expect(searchContextVariables('', 'websocket')).toEqual(listContextVariables('websocket'));
});
