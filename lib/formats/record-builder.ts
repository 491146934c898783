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
  parseEpochAt as importedParseEpochAt,
  parseNumber,
  parseNumberAt as importedParseNumberAt,
  parseRequestTime,
  parseRequestTimeAt as importedParseRequestTimeAt,
} from './value-parsers';

// Bound once: a transpiled import is a getter call on every use (tsx, webpack dev builds), a few
// percent of the whole parse for these per-value calls.
const parseEpochAt = importedParseEpochAt;
const parseNumberAt = importedParseNumberAt;
const parseRequestTimeAt = importedParseRequestTimeAt;

/** Capture indices (variable index + 1) per field, in template order; [] when none feeds it. */
type Sources = readonly number[];

export interface FieldPlan {
  /** Per canonical field except time: the captures that may fill it (first present one wins). */
  fields: Readonly<Record<Exclude<CanonicalField, 'time'>, Sources>>;
  requestTime: Sources;
  epoch: Sources;
  /** Variables without a canonical field, kept in `extra` under their `$context` name. */
  extra: readonly { name: string; capture: number }[];
  /** Per variable: what it fills (a Code), for buildRecordAt's single pass. */
  codes: Uint8Array;
  /** Per variable: its `$context` name (the key in `extra`). */
  names: readonly string[];
}

/** What a variable fills (buildRecordAt switches on these small integers). */
const enum Code {
  Extra,
  RequestTime,
  Epoch,
  RequestId,
  ExtendedRequestId,
  Ip,
  Method,
  Route,
  Path,
  Protocol,
  Status,
  Bytes,
  Latency,
  IntegrationLatency,
  UserAgent,
  Caller,
  User,
  Stage,
  ApiId,
  DomainName,
  ErrorMessage,
  ErrorType,
  WafResponseCode,
}

const FIELD_CODES: Readonly<Record<Exclude<CanonicalField, 'time'>, Code>> = {
  requestId: Code.RequestId,
  extendedRequestId: Code.ExtendedRequestId,
  ip: Code.Ip,
  method: Code.Method,
  route: Code.Route,
  path: Code.Path,
  protocol: Code.Protocol,
  status: Code.Status,
  bytes: Code.Bytes,
  latencyMs: Code.Latency,
  integrationLatencyMs: Code.IntegrationLatency,
  userAgent: Code.UserAgent,
  caller: Code.Caller,
  user: Code.User,
  stage: Code.Stage,
  apiId: Code.ApiId,
  domainName: Code.DomainName,
  errorMessage: Code.ErrorMessage,
  errorType: Code.ErrorType,
  wafResponseCode: Code.WafResponseCode,
};

function codeFor(name: string): Code {
  if (name === '$context.requestTimeEpoch') return Code.Epoch;
  const field = VARIABLE_TO_FIELD[name];
  if (field === undefined) return Code.Extra;
  return field === 'time' ? Code.RequestTime : FIELD_CODES[field];
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
    codes: Uint8Array.from(variables, (v) => codeFor(v.name)),
    names: variables.map((v) => v.name),
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
 * text[starts[i], ends[i]). `recent` keeps, per variable, a few strings already made for it in
 * this text (CACHE_SLOTS per variable, picked by a hash of the value's length and edge chars):
 * repeated values (stages, methods, routes, client IPs) then share one string, which is fewer
 * strings to allocate and, above all, fewer bytes for the garbage collector to copy while the
 * object's records are being built.
 */
export interface ValuePositions {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  recent: (string | null)[];
}

export const CACHE_SLOTS = 64;
/** Longer values (user agents, paths) are rarely worth comparing char by char. */
const REUSE_UP_TO = 48;

/** text[s, s + value.length) === value (inline: cheaper than a builtin call for short values). */
function sameChars(text: string, s: number, value: string): boolean {
  for (let k = 0; k < value.length; k++) {
    if (text.charCodeAt(s + k) !== value.charCodeAt(k)) return false;
  }
  return true;
}

function valueAt(at: ValuePositions, i: number, reuse: boolean, utf8: boolean): string {
  const { text } = at;
  const s = at.starts[i];
  const e = at.ends[i];
  if (utf8) return decodeLatin1Utf8(text.slice(s, e));
  const length = e - s;
  if (!reuse || length > REUSE_UP_TO) return text.slice(s, e);
  const mix = length * 31 + text.charCodeAt(s) * 7 + text.charCodeAt(e - 1) * 3;
  const slot = i * CACHE_SLOTS + ((mix + text.charCodeAt(s + (length >> 1))) & (CACHE_SLOTS - 1));
  const cached = at.recent[slot];
  if (cached !== null && cached.length === length && sameChars(text, s, cached)) return cached;
  const value = text.slice(s, e);
  at.recent[slot] = value;
  return value;
}

/**
 * buildRecord from value positions instead of captured strings (same fields, same rules). One
 * pass over the template's variables into locals, then one object literal: absent fields cost
 * nothing, and only the strings a record keeps are made.
 */
export function buildRecordAt(at: ValuePositions, plan: FieldPlan, utf8: boolean): CanonicalRecord {
  const { text, starts, ends } = at;
  const { codes } = plan;
  let time: number | null = null;
  let epochTime: number | null = null;
  let requestId: string | null = null;
  let extendedRequestId: string | null = null;
  let ip: string | null = null;
  let method: string | null = null;
  let route: string | null = null;
  let path: string | null = null;
  let protocol: string | null = null;
  let status: number | null = null;
  let bytes: number | null = null;
  let latencyMs: number | null = null;
  let integrationLatencyMs: number | null = null;
  let userAgent: string | null = null;
  let caller: string | null = null;
  let user: string | null = null;
  let stage: string | null = null;
  let apiId: string | null = null;
  let domainName: string | null = null;
  let errorMessage: string | null = null;
  let errorType: string | null = null;
  let wafResponseCode: string | null = null;
  let extra: Record<string, string> | null = null;
  for (let i = 0; i < codes.length; i++) {
    const s = starts[i];
    const e = ends[i];
    // `-` is how API Gateway writes a missing value.
    if (e === s || (e - s === 1 && text.charCodeAt(s) === 45)) continue;
    // The first present value wins where several variables feed one field.
    switch (codes[i]) {
      case Code.RequestTime:
        time ??= parseRequestTimeAt(text, s, e);
        break;
      case Code.Epoch:
        // Epoch carries milliseconds: the last valid one wins over requestTime (seconds).
        epochTime = parseEpochAt(text, s, e) ?? epochTime;
        break;
      case Code.RequestId:
        requestId ??= valueAt(at, i, false, utf8);
        break;
      case Code.ExtendedRequestId:
        extendedRequestId ??= valueAt(at, i, false, utf8);
        break;
      case Code.Ip:
        ip ??= valueAt(at, i, true, utf8);
        break;
      case Code.Method:
        method ??= valueAt(at, i, true, utf8);
        break;
      case Code.Route:
        route ??= valueAt(at, i, true, utf8);
        break;
      case Code.Path:
        path ??= valueAt(at, i, true, utf8);
        break;
      case Code.Protocol:
        protocol ??= valueAt(at, i, true, utf8);
        break;
      case Code.Status:
        status ??= parseNumberAt(text, s, e);
        break;
      case Code.Bytes:
        bytes ??= parseNumberAt(text, s, e);
        break;
      case Code.Latency:
        latencyMs ??= parseNumberAt(text, s, e);
        break;
      case Code.IntegrationLatency:
        integrationLatencyMs ??= parseNumberAt(text, s, e);
        break;
      case Code.UserAgent:
        userAgent ??= valueAt(at, i, true, utf8);
        break;
      case Code.Caller:
        caller ??= valueAt(at, i, true, utf8);
        break;
      case Code.User:
        user ??= valueAt(at, i, true, utf8);
        break;
      case Code.Stage:
        stage ??= valueAt(at, i, true, utf8);
        break;
      case Code.ApiId:
        apiId ??= valueAt(at, i, true, utf8);
        break;
      case Code.DomainName:
        domainName ??= valueAt(at, i, true, utf8);
        break;
      case Code.ErrorMessage:
        errorMessage ??= valueAt(at, i, true, utf8);
        break;
      case Code.ErrorType:
        errorType ??= valueAt(at, i, true, utf8);
        break;
      case Code.WafResponseCode:
        wafResponseCode ??= valueAt(at, i, true, utf8);
        break;
      default:
        extra ??= {};
        extra[plan.names[i]] ??= valueAt(at, i, true, utf8);
    }
  }
  return {
    time: epochTime ?? time,
    requestId,
    extendedRequestId,
    ip,
    method,
    route,
    path,
    protocol,
    status,
    bytes,
    latencyMs,
    integrationLatencyMs,
    userAgent,
    caller,
    user,
    stage,
    apiId,
    domainName,
    errorMessage,
    errorType,
    wafResponseCode,
    extra,
  };
}
