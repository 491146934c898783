import 'server-only';
import type { JS } from '@duckdb/node-api';
import type { LogRow } from '@/lib/query/results';
import { toNullableNumber, toNullableString, toNumber, type Row } from './database';

function parseExtra(value: JS): Record<string, string> | null {
  if (typeof value !== 'string') return null;
  try {
    return JSON.parse(value) as Record<string, string>;
  } catch {
    return null;
  }
}

export function toLogRow(row: Row): LogRow {
  const text = (name: string) => toNullableString(row[name]);
  const num = (name: string) => toNullableNumber(row[name]);
  return {
    time: num('time'),
    source: String(row.source ?? ''),
    requestId: text('requestId'),
    extendedRequestId: text('extendedRequestId'),
    ip: text('ip'),
    method: text('method'),
    route: text('route'),
    path: text('path'),
    protocol: text('protocol'),
    status: num('status'),
    bytes: num('bytes'),
    latencyMs: num('latencyMs'),
    integrationLatencyMs: num('integrationLatencyMs'),
    userAgent: text('userAgent'),
    caller: text('caller'),
    user: text('user'),
    stage: text('stage'),
    apiId: text('apiId'),
    domainName: text('domainName'),
    errorMessage: text('errorMessage'),
    errorType: text('errorType'),
    wafResponseCode: text('wafResponseCode'),
    extra: parseExtra(row.extra),
    raw: String(row.raw ?? ''),
    objectKey: text('object_key'),
    objectOffset: toNumber(row.objectOffset),
  };
}
