/**
 * Record values -> CanonicalRecord. Runs once per record, so everything that depends only on the
 * template is decided once (the plan: which variable fills which field) and each record is one
 * pass over the template's variables into locals, then one object literal with every field in
 * emptyRecord()'s order: one allocation, one hidden class for all records (a loop writing fields
 * into an empty record was slower, and a helper call per field cost 20-30% of the parse).
 *
 * Values are read where they lie in the object's text (field-extractor.ts finds them), so only the
 * strings a record keeps are made; values captured some other way (exec(), the lenient matcher)
 * go through the same builder (buildRecord).
 *
 * Tried and measured (in-process A/B against the floor, no gain within ±5%): a builder generated
 * per template (new Function, one straight block per variable, no loop or switch). The time here
 * is allocating and keeping the records, not deciding what goes where.
 */
import { VARIABLE_TO_FIELD, type CanonicalField, type CanonicalRecord } from './canonical-record';
import type { CompiledVariable } from './template-compiler';
import {
  parseEpochAt as importedParseEpochAt,
  parseNumberAt as importedParseNumberAt,
  parseRequestTimeAt as importedParseRequestTimeAt,
} from './value-parsers';

// Bound once: a transpiled import is a getter call on every use (tsx, webpack dev builds), a few
// percent of the whole parse for these per-value calls.
const parseEpochAt = importedParseEpochAt;
const parseNumberAt = importedParseNumberAt;
const parseRequestTimeAt = importedParseRequestTimeAt;

export interface FieldPlan {
  /** Per variable: what it fills (a Code). */
  codes: Uint8Array;
  /** Per variable: its `$context` name (the key in `extra`). */
  names: readonly string[];
  /** Per variable: 1 if its value may repeat across records (not a request id). */
  reuse: Uint8Array;
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

export function buildFieldPlan(variables: readonly CompiledVariable[]): FieldPlan {
  return {
    codes: Uint8Array.from(variables, (v) => codeFor(v.name)),
    names: variables.map((v) => v.name),
    reuse: Uint8Array.from(variables, (v) => (v.kind === 'id' ? 0 : 1)),
  };
}

const HIGH_BYTE = /[\x80-\xff]/;

/** Text was decoded as latin1 (one char per byte); restore UTF-8 where a value has high bytes. */
export function decodeLatin1Utf8(value: string): string {
  return HIGH_BYTE.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
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

function valueAt(at: ValuePositions, i: number, reuse: Uint8Array, utf8: boolean): string {
  const { text } = at;
  const s = at.starts[i];
  const e = at.ends[i];
  if (utf8) return decodeLatin1Utf8(text.slice(s, e));
  const length = e - s;
  if (reuse[i] === 0 || length > REUSE_UP_TO) return text.slice(s, e);
  const mix = length * 31 + text.charCodeAt(s) * 7 + text.charCodeAt(e - 1) * 3;
  const slot = i * CACHE_SLOTS + ((mix + text.charCodeAt(s + (length >> 1))) & (CACHE_SLOTS - 1));
  const cached = at.recent[slot];
  if (cached !== null && cached.length === length && sameChars(text, s, cached)) return cached;
  const value = text.slice(s, e);
  at.recent[slot] = value;
  return value;
}

/**
 * The record whose values lie at `at`. `-` or nothing is a missing value (null, never 0); where
 * several variables fill one field (integrationLatency, integration.latency) the first present
 * value wins, except that a valid requestTimeEpoch (milliseconds) wins over requestTime.
 */
export function buildRecordAt(at: ValuePositions, plan: FieldPlan, utf8: boolean): CanonicalRecord {
  const { text, starts, ends } = at;
  const { codes, reuse } = plan;
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
        requestId ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.ExtendedRequestId:
        extendedRequestId ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.Ip:
        ip ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.Method:
        method ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.Route:
        route ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.Path:
        path ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.Protocol:
        protocol ??= valueAt(at, i, reuse, utf8);
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
        userAgent ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.Caller:
        caller ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.User:
        user ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.Stage:
        stage ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.ApiId:
        apiId ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.DomainName:
        domainName ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.ErrorMessage:
        errorMessage ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.ErrorType:
        errorType ??= valueAt(at, i, reuse, utf8);
        break;
      case Code.WafResponseCode:
        wafResponseCode ??= valueAt(at, i, reuse, utf8);
        break;
      default:
        extra ??= {};
        extra[plan.names[i]] ??= valueAt(at, i, reuse, utf8);
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

/**
 * From values captured some other way: `values[i + 1]` holds variable i (a regex match, or the
 * lenient matcher's reading); undefined is missing. They are laid end to end in one text so the
 * same builder reads them. Only the slow paths (exec(), lenient reading) come here.
 */
export function buildRecord(
  values: ArrayLike<string | undefined>,
  plan: FieldPlan,
  utf8: boolean,
): CanonicalRecord {
  const count = plan.codes.length;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  let text = '';
  for (let i = 0; i < count; i++) {
    starts[i] = text.length;
    text += values[i + 1] ?? '';
    ends[i] = text.length;
  }
  const recent = new Array<string | null>(count * CACHE_SLOTS).fill(null);
  return buildRecordAt({ text, starts, ends, recent }, plan, utf8);
}
