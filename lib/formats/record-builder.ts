/**
 * Captured values -> CanonicalRecord. Runs once per record, so the per-variable work is decided
 * once per template (the plan) and the loop only switches on small integers.
 */
import {
  VARIABLE_TO_FIELD,
  emptyRecord,
  type CanonicalField,
  type CanonicalRecord,
} from './canonical-record';
import type { CompiledVariable } from './template-compiler';
import { parseEpochAt, parseNumberAt, parseRequestTimeAt } from './value-parsers';

// Integer codes per variable, decided once per template. The switch below writes each field by
// its static name, so V8 keeps monomorphic stores on one record shape (dynamic keys were 2x slower).
const EXTRA = 0;
const REQUEST_TIME = 1;
const EPOCH = 2;
const FIRST_NUMBER = 30;
const FIELD_CODES: Readonly<Record<Exclude<CanonicalField, 'time'>, number>> = {
  requestId: 10,
  extendedRequestId: 11,
  ip: 12,
  method: 13,
  route: 14,
  path: 15,
  protocol: 16,
  userAgent: 17,
  caller: 18,
  user: 19,
  stage: 20,
  apiId: 21,
  domainName: 22,
  errorMessage: 23,
  errorType: 24,
  wafResponseCode: 25,
  status: 30,
  bytes: 31,
  latencyMs: 32,
  integrationLatencyMs: 33,
};

export interface FieldPlan {
  codes: Uint8Array;
  /** Full variable name per capture group (the key in `extra`). */
  names: string[];
}

export function buildFieldPlan(variables: readonly CompiledVariable[]): FieldPlan {
  const codes = new Uint8Array(variables.length);
  variables.forEach((variable, i) => {
    const field = VARIABLE_TO_FIELD[variable.name];
    if (variable.name === '$context.requestTimeEpoch') codes[i] = EPOCH;
    else if (field === 'time') codes[i] = REQUEST_TIME;
    else codes[i] = field === undefined ? EXTRA : FIELD_CODES[field];
  });
  return { codes, names: variables.map((v) => v.name) };
}

const HIGH_BYTE = /[\x80-\xff]/;

/** Text was decoded as latin1 (one char per byte); restore UTF-8 where a value has high bytes. */
export function decodeLatin1Utf8(value: string): string {
  return HIGH_BYTE.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

/** From regex captures: `groups[i + 1]` holds the value of variable i. */
export function buildRecord(
  groups: ArrayLike<string | undefined>,
  plan: FieldPlan,
  utf8: boolean,
): CanonicalRecord {
  const r = emptyRecord();
  for (let i = 0; i < plan.codes.length; i++) {
    const value = groups[i + 1];
    if (value !== undefined) applyValue(r, plan, i, value, 0, value.length, value, utf8);
  }
  return r;
}

/** `utf8` is false for pure-ASCII objects (the norm): no value needs re-decoding. */
function applyValue(
  r: CanonicalRecord,
  plan: FieldPlan,
  i: number,
  source: string,
  start: number,
  end: number,
  sliced: string | undefined,
  utf8: boolean,
): void {
  // `-` is how API Gateway writes a missing value.
  if (end === start || (end - start === 1 && source.charCodeAt(start) === 45)) return;
  const code = plan.codes[i];
  if (code >= FIRST_NUMBER) {
    setNumber(r, code, parseNumberAt(source, start, end));
  } else if (code === REQUEST_TIME) {
    if (r.time === null) r.time = parseRequestTimeAt(source, start, end);
  } else if (code === EPOCH) {
    // Epoch carries milliseconds; it wins over requestTime (whole seconds).
    const time = parseEpochAt(source, start, end);
    if (time !== null) r.time = time;
  } else {
    let value = sliced ?? source.slice(start, end);
    if (utf8) value = decodeLatin1Utf8(value);
    if (code !== EXTRA) {
      setText(r, code, value);
    } else {
      const extra = r.extra ?? (r.extra = {});
      if (!(plan.names[i] in extra)) extra[plan.names[i]] = value;
    }
  }
}

// When two variables feed one field (integrationLatency and integration.latency) the first wins.
function setNumber(r: CanonicalRecord, code: number, value: number | null): void {
  switch (code) {
    case 30:
      r.status ??= value;
      break;
    case 31:
      r.bytes ??= value;
      break;
    case 32:
      r.latencyMs ??= value;
      break;
    case 33:
      r.integrationLatencyMs ??= value;
      break;
  }
}

function setText(r: CanonicalRecord, code: number, value: string): void {
  switch (code) {
    case 10:
      r.requestId ??= value;
      break;
    case 11:
      r.extendedRequestId ??= value;
      break;
    case 12:
      r.ip ??= value;
      break;
    case 13:
      r.method ??= value;
      break;
    case 14:
      r.route ??= value;
      break;
    case 15:
      r.path ??= value;
      break;
    case 16:
      r.protocol ??= value;
      break;
    case 17:
      r.userAgent ??= value;
      break;
    case 18:
      r.caller ??= value;
      break;
    case 19:
      r.user ??= value;
      break;
    case 20:
      r.stage ??= value;
      break;
    case 21:
      r.apiId ??= value;
      break;
    case 22:
      r.domainName ??= value;
      break;
    case 23:
      r.errorMessage ??= value;
      break;
    case 24:
      r.errorType ??= value;
      break;
    case 25:
      r.wafResponseCode ??= value;
      break;
  }
}
