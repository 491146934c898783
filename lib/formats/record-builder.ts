/**
 * Captured values -> CanonicalRecord. Runs once per record, so everything that depends only on
 * the template is decided once (the plan: which capture feeds which field) and the record is
 * created by one object literal with every field in emptyRecord()'s order: one allocation, one
 * hidden class for all records, no later shape changes (a loop writing fields into an empty record
 * was slower, and a helper call per value cost 20-30% of the parse in profiles).
 */
import { VARIABLE_TO_FIELD, type CanonicalField, type CanonicalRecord } from './canonical-record';
import type { CompiledVariable } from './template-compiler';
import {
  parseEpoch,
  parseEpochAt,
  parseNumber,
  parseNumberAt,
  parseRequestTime,
  parseRequestTimeAt,
} from './value-parsers';

/** Capture indices (variable index + 1) per field, in template order; [] when none feeds it. */
type Sources = readonly number[];

export interface FieldPlan {
  /** Per canonical field except time: the captures that may fill it (first present one wins). */
  fields: Readonly<Record<Exclude<CanonicalField, 'time'>, Sources>>;
  requestTime: Sources;
  epoch: Sources;
  /** Variables without a canonical field, kept in `extra` under their `$context` name. */
  extra: readonly { name: string; capture: number }[];
  /**
   * 1 per variable whose value often repeats from one record to the next (everything but request
   * ids): buildRecordAt then reuses the previous record's string instead of making a new one.
   */
  reuse: Uint8Array;
}

const NO_SOURCES: Sources = Object.freeze([]);

export function buildFieldPlan(variables: readonly CompiledVariable[]): FieldPlan {
  const byField = new Map<CanonicalField, number[]>();
  const epoch: number[] = [];
  const extra: { name: string; capture: number }[] = [];
  variables.forEach((variable, i) => {
    const capture = i + 1;
    if (variable.name === '$context.requestTimeEpoch') {
      epoch.push(capture);
      return;
    }
    const field = VARIABLE_TO_FIELD[variable.name];
    if (field === undefined) {
      extra.push({ name: variable.name, capture });
      return;
    }
    const list = byField.get(field) ?? [];
    list.push(capture);
    byField.set(field, list);
  });
  const sources = (field: CanonicalField): Sources => byField.get(field) ?? NO_SOURCES;
  return {
    fields: {
      requestId: sources('requestId'),
      extendedRequestId: sources('extendedRequestId'),
      ip: sources('ip'),
      method: sources('method'),
      route: sources('route'),
      path: sources('path'),
      protocol: sources('protocol'),
      status: sources('status'),
      bytes: sources('bytes'),
      latencyMs: sources('latencyMs'),
      integrationLatencyMs: sources('integrationLatencyMs'),
      userAgent: sources('userAgent'),
      caller: sources('caller'),
      user: sources('user'),
      stage: sources('stage'),
      apiId: sources('apiId'),
      domainName: sources('domainName'),
      errorMessage: sources('errorMessage'),
      errorType: sources('errorType'),
      wafResponseCode: sources('wafResponseCode'),
    },
    requestTime: sources('time'),
    epoch,
    extra,
    reuse: Uint8Array.from(variables, (v) => (v.kind === 'id' ? 0 : 1)),
  };
}

const HIGH_BYTE = /[\x80-\xff]/;

/** Text was decoded as latin1 (one char per byte); restore UTF-8 where a value has high bytes. */
export function decodeLatin1Utf8(value: string): string {
  return HIGH_BYTE.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

type Groups = ArrayLike<string | undefined>;

/** `-` is how API Gateway writes a missing value. */
function present(value: string | undefined): value is string {
  return value !== undefined && value !== '-' && value !== '';
}

function text(groups: Groups, sources: Sources, utf8: boolean): string | null {
  for (let k = 0; k < sources.length; k++) {
    const value = groups[sources[k]];
    if (present(value)) return utf8 ? decodeLatin1Utf8(value) : value;
  }
  return null;
}

function numeric(groups: Groups, sources: Sources): number | null {
  for (let k = 0; k < sources.length; k++) {
    const value = groups[sources[k]];
    if (present(value)) {
      const n = parseNumber(value);
      if (n !== null) return n;
    }
  }
  return null;
}

function timeOf(groups: Groups, plan: FieldPlan): number | null {
  // Epoch carries milliseconds: the last valid one wins over requestTime (whole seconds).
  const { epoch, requestTime } = plan;
  for (let k = epoch.length - 1; k >= 0; k--) {
    const value = groups[epoch[k]];
    if (present(value)) {
      const ms = parseEpoch(value);
      if (ms !== null) return ms;
    }
  }
  for (let k = 0; k < requestTime.length; k++) {
    const value = groups[requestTime[k]];
    if (present(value)) {
      const ms = parseRequestTime(value);
      if (ms !== null) return ms;
    }
  }
  return null;
}

function extraOf(groups: Groups, plan: FieldPlan, utf8: boolean): Record<string, string> | null {
  let extra: Record<string, string> | null = null;
  for (const { name, capture } of plan.extra) {
    const value = groups[capture];
    if (!present(value)) continue;
    extra ??= {};
    // A variable used twice keeps its first value, like the canonical fields.
    extra[name] ??= utf8 ? decodeLatin1Utf8(value) : value;
  }
  return extra;
}

/**
 * From regex captures: `groups[i + 1]` holds the value of variable i. When several variables
 * feed one field (integrationLatency, integration.latency) the first present value wins.
 * `utf8` is false for pure-ASCII objects (the norm): then no value needs re-decoding.
 */
export function buildRecord(groups: Groups, plan: FieldPlan, utf8: boolean): CanonicalRecord {
  const f = plan.fields;
  return {
    time: timeOf(groups, plan),
    requestId: text(groups, f.requestId, utf8),
    extendedRequestId: text(groups, f.extendedRequestId, utf8),
    ip: text(groups, f.ip, utf8),
    method: text(groups, f.method, utf8),
    route: text(groups, f.route, utf8),
    path: text(groups, f.path, utf8),
    protocol: text(groups, f.protocol, utf8),
    status: numeric(groups, f.status),
    bytes: numeric(groups, f.bytes),
    latencyMs: numeric(groups, f.latencyMs),
    integrationLatencyMs: numeric(groups, f.integrationLatencyMs),
    userAgent: text(groups, f.userAgent, utf8),
    caller: text(groups, f.caller, utf8),
    user: text(groups, f.user, utf8),
    stage: text(groups, f.stage, utf8),
    apiId: text(groups, f.apiId, utf8),
    domainName: text(groups, f.domainName, utf8),
    errorMessage: text(groups, f.errorMessage, utf8),
    errorType: text(groups, f.errorType, utf8),
    wafResponseCode: text(groups, f.wafResponseCode, utf8),
    extra: plan.extra.length === 0 ? null : extraOf(groups, plan, utf8),
  };
}

/**
 * Where the values of one record lie in the text (see field-extractor.ts): variable i is
 * text[starts[i], ends[i]). `previous` holds, per variable, the string last made for it in this
 * text, reused when the next record has the same value (stages, methods, protocols, routes and user
 * agents repeat): fewer strings to allocate and to keep.
 */
export interface ValuePositions {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  previous: (string | null)[];
}

function isMissingAt(text: string, s: number, e: number): boolean {
  return e === s || (e - s === 1 && text.charCodeAt(s) === 45);
}

function textAt(at: ValuePositions, sources: Sources, reuse: Uint8Array, utf8: boolean) {
  const { text, starts, ends } = at;
  for (let k = 0; k < sources.length; k++) {
    const i = sources[k] - 1;
    const s = starts[i];
    const e = ends[i];
    if (isMissingAt(text, s, e)) continue;
    if (utf8) return decodeLatin1Utf8(text.slice(s, e));
    if (reuse[i] === 0) return text.slice(s, e);
    const previous = at.previous[i];
    if (previous !== null && previous.length === e - s && text.startsWith(previous, s)) {
      return previous;
    }
    const value = text.slice(s, e);
    at.previous[i] = value;
    return value;
  }
  return null;
}

function numericAt(at: ValuePositions, sources: Sources): number | null {
  const { text, starts, ends } = at;
  for (let k = 0; k < sources.length; k++) {
    const i = sources[k] - 1;
    if (isMissingAt(text, starts[i], ends[i])) continue;
    const n = parseNumberAt(text, starts[i], ends[i]);
    if (n !== null) return n;
  }
  return null;
}

function timeAt(at: ValuePositions, plan: FieldPlan): number | null {
  const { text, starts, ends } = at;
  const { epoch, requestTime } = plan;
  for (let k = epoch.length - 1; k >= 0; k--) {
    const i = epoch[k] - 1;
    if (isMissingAt(text, starts[i], ends[i])) continue;
    const ms = parseEpochAt(text, starts[i], ends[i]);
    if (ms !== null) return ms;
  }
  for (let k = 0; k < requestTime.length; k++) {
    const i = requestTime[k] - 1;
    const ms = parseRequestTimeAt(text, starts[i], ends[i]);
    if (ms !== null) return ms;
  }
  return null;
}

function extraAt(
  at: ValuePositions,
  plan: FieldPlan,
  utf8: boolean,
): Record<string, string> | null {
  const { text, starts, ends } = at;
  let extra: Record<string, string> | null = null;
  for (const { name, capture } of plan.extra) {
    const s = starts[capture - 1];
    const e = ends[capture - 1];
    if (isMissingAt(text, s, e)) continue;
    extra ??= {};
    extra[name] ??= utf8 ? decodeLatin1Utf8(text.slice(s, e)) : text.slice(s, e);
  }
  return extra;
}

/** buildRecord from value positions instead of captured strings (same fields, same rules). */
export function buildRecordAt(at: ValuePositions, plan: FieldPlan, utf8: boolean): CanonicalRecord {
  const f = plan.fields;
  const r = plan.reuse;
  return {
    time: timeAt(at, plan),
    requestId: textAt(at, f.requestId, r, utf8),
    extendedRequestId: textAt(at, f.extendedRequestId, r, utf8),
    ip: textAt(at, f.ip, r, utf8),
    method: textAt(at, f.method, r, utf8),
    route: textAt(at, f.route, r, utf8),
    path: textAt(at, f.path, r, utf8),
    protocol: textAt(at, f.protocol, r, utf8),
    status: numericAt(at, f.status),
    bytes: numericAt(at, f.bytes),
    latencyMs: numericAt(at, f.latencyMs),
    integrationLatencyMs: numericAt(at, f.integrationLatencyMs),
    userAgent: textAt(at, f.userAgent, r, utf8),
    caller: textAt(at, f.caller, r, utf8),
    user: textAt(at, f.user, r, utf8),
    stage: textAt(at, f.stage, r, utf8),
    apiId: textAt(at, f.apiId, r, utf8),
    domainName: textAt(at, f.domainName, r, utf8),
    errorMessage: textAt(at, f.errorMessage, r, utf8),
    errorType: textAt(at, f.errorType, r, utf8),
    wafResponseCode: textAt(at, f.wafResponseCode, r, utf8),
    extra: plan.extra.length === 0 ? null : extraAt(at, plan, utf8),
  };
}
