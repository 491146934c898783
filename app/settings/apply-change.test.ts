import 'server-only';
/**
 * The save path end to end against the local control plane (real SDK clients), a real history file
 * and a recording audit log.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import {
  addLatencyFields,
  addUserAgent,
  endWithNewline,
} from '@/lib/access-log-settings/template-edits';
import type { AuditEventInput } from '@/lib/auth/audit-event';
import { findPreset } from '@/lib/formats/presets';
import { startLocalApiGateway, type LocalApiGateway } from '@/lib/local-aws/apigateway-server';
import { createApiGatewayClients, type ApiGatewayClients } from '@/lib/server/api-gateway/clients';
import { createFormatHistoryStore, type FormatHistoryStore } from '@/lib/server/format-history';
import type { StageTarget } from '@/components/settings/action-types';
import { applyAccessLogChange, stageArn, type ChangeDependencies } from './apply-change';

const PETS_PROD: StageTarget = {
  region: 'us-east-1',
  apiKind: 'rest',
  apiId: 'pets4x7k2p',
  stageName: 'prod',
};
const FIREHOSE =
  'arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-demo-pets-prod';
const CLF = findPreset('clf')?.template ?? '';
const JSON_WITH_LATENCY = endWithNewline(
  addUserAgent(addLatencyFields(findPreset('json')?.template ?? '')),
);
const LOADED = { destinationArn: FIREHOSE, format: CLF };
const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

let server: LocalApiGateway;
let clients: ApiGatewayClients;
let dir: string;
let history: FormatHistoryStore;
let audited: AuditEventInput[];
let auditBroken: boolean;

const deps = (): ChangeDependencies => ({
  clients,
  history,
  audit: async (event) => {
    if (auditBroken) throw new Error('disk full');
    audited.push(event);
  },
  auditSafely: async (event) => {
    if (!auditBroken) audited.push(event);
  },
  now: () => NOW,
});

/** The stage feeds 'default', whose history already records the stage's CLF format. */
const linkWithHistory = () => {
  history.linkStageToSource(PETS_PROD, 'default', { linkedBy: 'setup' });
  history.appendFormatChange('default', {
    template: CLF,
    effectiveFrom: null,
    changedBy: 'setup',
    stage: PETS_PROD,
  });
};

const save = (format: string, loaded = LOADED) =>
  applyAccessLogChange(deps(), {
    target: PETS_PROD,
    intent: 'save',
    settings: { destinationArn: FIREHOSE, format },
    loaded,
    actor: 'alice',
    ip: '127.0.0.1',
  });

const stageFormat = () =>
  server
    .getState()
    .restApis.find((a) => a.id === PETS_PROD.apiId)
    ?.stages.find((s) => s.stageName === 'prod')?.accessLogSettings?.format;
const writes = () => server.requestLog().filter((r) => r.method !== 'GET');

beforeEach(async () => {
  server = await startLocalApiGateway();
  clients = createApiGatewayClients({
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  dir = mkdtempSync(path.join(tmpdir(), 'apply-change-'));
  history = createFormatHistoryStore(path.join(dir, 'format-history.json'));
  audited = [];
  auditBroken = false;
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('switches CLF to JSON with latency and user agent, recording history and audit', async () => {
  history.linkStageToSource(PETS_PROD, 'default', { linkedBy: 'setup' });
  const state = await save(JSON_WITH_LATENCY);
  expect(state).toMatchObject({
    status: 'saved',
    intent: 'save',
    settings: { destinationArn: FIREHOSE, format: JSON_WITH_LATENCY },
    history: { sourceId: 'default', effectiveFrom: NOW },
  });
  expect(stageFormat()).toBe(JSON_WITH_LATENCY);
  // Objects written before the change keep the CLF format; later ones get the JSON one.
  expect(history.readFormatHistory('default')).toEqual([
    { template: CLF, effectiveFrom: null, name: 'in force before the first recorded change' },
    { template: JSON_WITH_LATENCY, effectiveFrom: NOW },
  ]);
  expect(history.readFormatChanges('default')[1]).toMatchObject({
    changedBy: 'alice',
    stage: PETS_PROD,
  });
  expect(audited.map((e) => e.detail?.outcome)).toEqual(['requested', 'applied']);
  expect(audited[0]).toMatchObject({
    action: 'settings.change',
    actor: 'alice',
    target: 'arn:aws:apigateway:us-east-1::/restapis/pets4x7k2p/stages/prod',
    detail: {
      from: 'CLF (REST console preset)',
      to: 'Custom format',
      source: 'default',
      format: JSON_WITH_LATENCY,
    },
  });
});

test('a format changed outside the page is recorded before the new one', async () => {
  history.linkStageToSource(PETS_PROD, 'default', { linkedBy: 'setup' });
  history.appendFormatChange('default', {
    template: CLF,
    effectiveFrom: null,
    changedBy: 'setup',
    stage: null,
  });
  history.appendFormatChange('default', {
    template: JSON_WITH_LATENCY,
    effectiveFrom: 1_000,
    changedBy: 'setup',
    stage: null,
  });
  // Someone puts CLF back through the console; the history still says JSON.
  const changedAt = Date.now();
  await new APIGatewayClient({
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  }).send(
    new UpdateStageCommand({
      restApiId: PETS_PROD.apiId,
      stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/accessLogSettings/format', value: CLF }],
    }),
  );
  const later = changedAt + 60_000;
  const state = await applyAccessLogChange(
    { ...deps(), now: () => later },
    {
      target: PETS_PROD,
      intent: 'save',
      settings: { destinationArn: FIREHOSE, format: JSON_WITH_LATENCY },
      loaded: LOADED,
      actor: 'alice',
      ip: '127.0.0.1',
    },
  );
  expect(state).toMatchObject({
    status: 'saved',
    history: { sourceId: 'default', effectiveFrom: later },
  });
  const changes = history.readFormatChanges('default');
  expect(changes.map((c) => [c.template === CLF ? 'clf' : 'json', c.changedBy])).toEqual([
    ['clf', 'setup'],
    ['json', 'setup'],
    ['clf', 'outside the dashboard'],
    ['json', 'alice'],
  ]);
  // API Gateway keeps second precision: the repair is dated to when the stage last changed.
  expect(Math.abs((changes[2].effectiveFrom ?? 0) - changedAt)).toBeLessThan(2_000);
});

test('a stage that feeds no source is saved without history', async () => {
  const state = await save(JSON_WITH_LATENCY);
  expect(state).toMatchObject({ status: 'saved', history: null });
  expect(state.status === 'saved' && state.message).toMatch(/no format history/);
  expect(stageFormat()).toBe(JSON_WITH_LATENCY);
});

test('a concurrent change is reported with both versions, and nothing is written', async () => {
  linkWithHistory();
  const other = findPreset('csv')?.template ?? '';
  const sdk = new APIGatewayClient({
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await sdk.send(
    new UpdateStageCommand({
      restApiId: PETS_PROD.apiId,
      stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/accessLogSettings/format', value: other }],
    }),
  );
  const before = writes().length;
  const state = await save(JSON_WITH_LATENCY);
  expect(state).toMatchObject({
    status: 'conflict',
    attempted: 'save',
    loaded: LOADED,
    current: { destinationArn: FIREHOSE, format: other },
  });
  expect(writes()).toHaveLength(before);
  expect(stageFormat()).toBe(other);
  expect(history.readFormatHistory('default').map((v) => v.template)).toEqual([CLF]);
  expect(audited).toEqual([]);

  // Asked again with the current version as the baseline, the save goes through.
  const again = await save(JSON_WITH_LATENCY, { destinationArn: FIREHOSE, format: other });
  expect(again.status).toBe('saved');
  expect(stageFormat()).toBe(JSON_WITH_LATENCY);
});

test('AWS refusing the write leaves the history as it was and names the permission', async () => {
  linkWithHistory();
  server.setFaults({ denyWrites: true });
  const state = await save(JSON_WITH_LATENCY);
  expect(state).toMatchObject({ status: 'failed', kind: 'access-denied' });
  expect(state.status === 'failed' && state.message).toContain('apigateway:PATCH');
  expect(stageFormat()).toBe(CLF);
  expect(history.readFormatHistory('default')).toEqual([{ template: CLF, effectiveFrom: null }]);
  expect(audited.map((e) => [e.detail?.outcome, e.detail?.reason, e.detail?.rollback])).toEqual([
    ['requested', undefined, undefined],
    ['refused', 'access-denied', 'done'],
  ]);
});

test('an unwritable audit log stops the change before anything is written', async () => {
  linkWithHistory();
  auditBroken = true;
  const state = await save(JSON_WITH_LATENCY);
  expect(state).toMatchObject({ status: 'failed', kind: 'audit' });
  expect(writes()).toEqual([]);
  expect(stageFormat()).toBe(CLF);
  expect(history.readFormatHistory('default')).toHaveLength(1);
});

test('an invalid format is refused before any request', async () => {
  const state = await save('$context.status\n$context.requestId');
  expect(state).toMatchObject({ status: 'invalid' });
  expect(state.status === 'invalid' && state.issues.map((i) => [i.field, i.code])).toEqual([
    ['format', 'multi-line'],
  ]);
  expect(server.requestLog()).toEqual([]);
});

test('saving the settings the stage already has changes nothing', async () => {
  const state = await save(CLF);
  expect(state).toMatchObject({ status: 'saved', history: null });
  expect(writes()).toEqual([]);
  expect(audited).toEqual([]);
});

test('disables logging with the same conflict check; the history keeps its formats', async () => {
  linkWithHistory();
  const stale = await applyAccessLogChange(deps(), {
    target: PETS_PROD,
    intent: 'disable',
    loaded: { destinationArn: FIREHOSE, format: 'something else $context.requestId' },
    actor: 'alice',
    ip: '127.0.0.1',
  });
  expect(stale).toMatchObject({ status: 'conflict', attempted: 'disable', current: LOADED });
  expect(stageFormat()).toBe(CLF);

  const state = await applyAccessLogChange(deps(), {
    target: PETS_PROD,
    intent: 'disable',
    loaded: LOADED,
    actor: 'alice',
    ip: '127.0.0.1',
  });
  expect(state).toMatchObject({
    status: 'saved',
    intent: 'disable',
    settings: null,
    history: null,
  });
  expect(stageFormat()).toBeUndefined();
  expect(history.readFormatHistory('default')).toHaveLength(1);
  expect(audited.map((e) => e.detail?.change)).toEqual([
    'access-log-disable',
    'access-log-disable',
  ]);
});

test('stage ARNs name the API family', () => {
  expect(
    stageArn({ region: 'eu-west-1', apiKind: 'http', apiId: 'abc', stageName: '$default' }),
  ).toBe('arn:aws:apigateway:eu-west-1::/apis/abc/stages/$default');
});
