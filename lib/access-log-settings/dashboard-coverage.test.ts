import { test, expect } from 'vitest';
import { findPreset } from '@/lib/formats/presets';
import { describeDashboardCoverage } from './dashboard-coverage';
import { addLatencyFields, addUserAgent } from './template-edits';

const template = (id: string) => findPreset(id)?.template ?? '';
const missingIds = (t: string) => describeDashboardCoverage(t).missing.map((f) => f.id);

test('the CLF console preset lacks latency and user agents, nothing basic', () => {
  expect(missingIds(template('clf'))).toEqual([
    'latency',
    'integration-latency',
    'paths',
    'user-agents',
    'gateway-errors',
    'waf',
  ]);
  const latency = describeDashboardCoverage(template('clf')).missing[0];
  expect(latency.whenMissing).toMatch(/No latency charts/);
});

test('one-click edits turn the missing features on', () => {
  const edited = addUserAgent(addLatencyFields(template('json')));
  const missing = missingIds(edited);
  expect(missing).not.toContain('latency');
  expect(missing).not.toContain('integration-latency');
  expect(missing).not.toContain('user-agents');
});

test('HTTP presets group routes by routeKey', () => {
  const coverage = describeDashboardCoverage(template('http-json'));
  expect(coverage.enabled.map((f) => f.id)).toContain('routes');
  expect(coverage.fields).toContain('route');
});

test('without a time variable records cannot be placed in time', () => {
  const coverage = describeDashboardCoverage('$context.requestId $context.status');
  expect(coverage.missing.map((f) => f.id)).toContain('time');
  expect(coverage.missing.find((f) => f.id === 'time')?.whenMissing).toMatch(/placed in time/);
  expect(coverage.missing.map((f) => f.id)).toContain('routes');
  expect(coverage.fields).toEqual(['requestId', 'status']);
  expect(coverage.missingFields).toContain('time');
});

test('framing follows the trailing newline; epoch time counts as time', () => {
  const custom = describeDashboardCoverage(template('custom-json'));
  expect(custom.framing).toBe('newline');
  expect(custom.enabled.map((f) => f.id)).toEqual(
    expect.arrayContaining(['time', 'latency', 'integration-latency', 'user-agents', 'paths']),
  );
  expect(describeDashboardCoverage(template('custom-clf')).framing).toBe('glued');
  expect(missingIds('$context.requestId $context.requestTimeEpoch')).not.toContain('time');
});
