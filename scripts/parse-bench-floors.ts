/**
 * What the format engine is measured against, per format:
 *
 * - floor: a minimal hand-written reader of that one known format: gunzip (zlib defaults), decode
 *   as UTF-8, then either one global regex over the text with a plain capture per field (`\S+`,
 *   `[^<]*`, `[^,]*`; it finds records by searching, so glued records need no splitting) or a split
 *   on the record boundary (`}{`, `\n`) and JSON.parse per record. Matches are kept per object, as
 *   the engine keeps its records. No typing, no validation beyond the regex, no rejects
 *   accounting (a record that does not fit is silently skipped), no dedupe.
 * - records floor: the same reader, plus what any reader must do to hand out the engine's result
 *   shape: one CanonicalRecord per match (22 fields in one literal, `-` -> null, numbers with
 *   Number(), requestTime with the engine's parser) wrapped in a ParsedRecord with its raw text.
 *   The gap between the two floors is the cost of the output itself (allocation and the garbage
 *   collector copying what is kept), which no parser of this API can avoid; the engine is then
 *   compared with both.
 *
 * Neither floor is tuned beyond the obvious (they use gunzipSync's defaults, one regex, no
 * caches); both are fair descriptions of "the simplest code that reads this format".
 */
import { gunzipSync } from 'node:zlib';
import {
  VARIABLE_TO_FIELD,
  type CanonicalField,
  type CanonicalRecord,
} from '@/lib/formats/canonical-record';
import { findPreset } from '@/lib/formats/presets';
import { templateVariables } from '@/lib/formats/template-tokens';
import { parseRequestTime } from '@/lib/formats/value-parsers';

/** Reads one decoded object; returns how many records it kept. */
type Floor = (text: string) => number;

interface FloorPair {
  plain: Floor;
  records: Floor;
}

/** Per canonical field, where its value is (capture index or JSON key); the first match wins. */
type FieldSources<K> = Partial<Record<CanonicalField | 'epoch', K>>;

function fieldSources<K>(
  template: string,
  keyOf: (variable: string, index: number) => K,
): FieldSources<K> {
  const sources: FieldSources<K> = {};
  templateVariables(template).forEach((variable, index) => {
    const field = variable === '$context.requestTimeEpoch' ? 'epoch' : VARIABLE_TO_FIELD[variable];
    if (field !== undefined && sources[field] === undefined) {
      sources[field] = keyOf(variable, index);
    }
  });
  return sources;
}

function text(value: unknown): string | null {
  return value === undefined || value === null || value === '-' ? null : String(value);
}

function num(value: unknown): number | null {
  return value === undefined || value === null || value === '-' ? null : Number(value);
}

function captureAt(match: RegExpExecArray, index: number | undefined): unknown {
  return index === undefined ? undefined : match[index];
}

function memberOf(object: Readonly<Record<string, unknown>>, key: string | undefined): unknown {
  return key === undefined ? undefined : object[key];
}

/** One CanonicalRecord from the values: every field in one literal, like the engine's. */
function makeRecord<V, K>(
  s: FieldSources<K>,
  values: V,
  pick: (values: V, key: K | undefined) => unknown,
): CanonicalRecord {
  const epoch = num(pick(values, s.epoch));
  const requestTime = text(pick(values, s.time));
  return {
    time: epoch ?? (requestTime === null ? null : parseRequestTime(requestTime)),
    requestId: text(pick(values, s.requestId)),
    extendedRequestId: text(pick(values, s.extendedRequestId)),
    ip: text(pick(values, s.ip)),
    method: text(pick(values, s.method)),
    route: text(pick(values, s.route)),
    path: text(pick(values, s.path)),
    protocol: text(pick(values, s.protocol)),
    status: num(pick(values, s.status)),
    bytes: num(pick(values, s.bytes)),
    latencyMs: num(pick(values, s.latencyMs)),
    integrationLatencyMs: num(pick(values, s.integrationLatencyMs)),
    userAgent: text(pick(values, s.userAgent)),
    caller: text(pick(values, s.caller)),
    user: text(pick(values, s.user)),
    stage: text(pick(values, s.stage)),
    apiId: text(pick(values, s.apiId)),
    domainName: text(pick(values, s.domainName)),
    errorMessage: text(pick(values, s.errorMessage)),
    errorType: text(pick(values, s.errorType)),
    wafResponseCode: text(pick(values, s.wafResponseCode)),
    extra: null,
  };
}

function templateOf(format: string): string {
  const preset = findPreset(format);
  if (!preset) throw new Error(`no preset ${format}`);
  return preset.template;
}

/** A global regex whose captures are the template's variables in order. */
function regexFloor(format: string, source: string): FloorPair {
  const regex = new RegExp(source, 'g');
  const sources = fieldSources(templateOf(format), (_variable, index) => index + 1);
  return {
    plain: (input) => {
      const kept: RegExpExecArray[] = [];
      regex.lastIndex = 0;
      for (let m = regex.exec(input); m !== null; m = regex.exec(input)) kept.push(m);
      return kept.length;
    },
    records: (input) => {
      const kept: { record: CanonicalRecord; offset: number; length: number; raw: string }[] = [];
      regex.lastIndex = 0;
      for (let m = regex.exec(input); m !== null; m = regex.exec(input)) {
        const record = makeRecord(sources, m, captureAt);
        kept.push({ record, offset: m.index, length: m[0].length, raw: m[0] });
      }
      return kept.length;
    },
  };
}

/** JSON keys of the template's variables (`"status":"$context.status"` -> status). */
function jsonKeys(template: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const m of template.matchAll(/"([^"]+)":\s*"?(\$context(?:\.[A-Za-z0-9_]+)+)/g)) {
    keys.set(m[2], m[1]);
  }
  return keys;
}

/** Records split by `splitRecords`, each read with JSON.parse (a raw quote loses the record). */
function jsonFloor(format: string, splitRecords: (input: string) => string[]): FloorPair {
  const keys = jsonKeys(templateOf(format));
  const sources = fieldSources(templateOf(format), (variable) => keys.get(variable) ?? '');
  const parse = (part: string): Record<string, unknown> | null => {
    try {
      return JSON.parse(part) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  return {
    plain: (input) => {
      const kept: unknown[] = [];
      for (const part of splitRecords(input)) {
        const parsed = parse(part);
        if (parsed !== null) kept.push(parsed);
      }
      return kept.length;
    },
    records: (input) => {
      const kept: { record: CanonicalRecord; offset: number; length: number; raw: string }[] = [];
      let offset = 0;
      for (const part of splitRecords(input)) {
        const parsed = parse(part);
        if (parsed !== null) {
          const record = makeRecord(sources, parsed, memberOf);
          kept.push({ record, offset, length: part.length, raw: part });
        }
        offset += part.length;
      }
      return kept.length;
    },
  };
}

/** Glued JSON (`}{` between records). */
function gluedParts(input: string): string[] {
  const parts = input.split('}{');
  const last = parts.length - 1;
  return parts.map((part, i) => (i > 0 ? '{' : '') + part + (i < last ? '}' : ''));
}

function lineParts(input: string): string[] {
  return input.split('\n').filter((line) => line !== '');
}

const UUID = '([0-9a-f-]{36})';
const EXT_ID = '([A-Za-z0-9+/]{15}=)';
const REST_CLF_HEAD = '(\\S+) (\\S+) (\\S+) \\[([^\\]]*)\\] "(\\S+) (\\S+) (\\S+)" (\\S+) (\\S+) ';

function xmlFloor(format: string, tags: string[]): FloorPair {
  const body = tags.map((t) => ` <${t}>([^<]*)</${t}>`).join('');
  return regexFloor(format, `<request id="([^"]*)">${body} </request>`);
}

const REST_XML_TAGS = [
  'ip',
  'caller',
  'user',
  'requestTime',
  'httpMethod',
  'resourcePath',
  'status',
  'protocol',
  'responseLength',
];

function csvFloor(format: string, plainFields: number, tail: string): FloorPair {
  return regexFloor(format, '([^,]*),'.repeat(plainFields) + tail);
}

export const FLOORS: Readonly<Record<string, FloorPair>> = {
  clf: regexFloor('clf', `${REST_CLF_HEAD}${UUID} ${EXT_ID}`),
  'clf-legacy': regexFloor('clf-legacy', `${REST_CLF_HEAD}${UUID}`),
  json: jsonFloor('json', gluedParts),
  'json-legacy': jsonFloor('json-legacy', gluedParts),
  'http-json': jsonFloor('http-json', gluedParts),
  xml: xmlFloor('xml', ['extendedRequestId', ...REST_XML_TAGS]),
  'xml-legacy': xmlFloor('xml-legacy', REST_XML_TAGS),
  'http-xml': xmlFloor('http-xml', [
    'ip',
    'requestTime',
    'httpMethod',
    'routeKey',
    'status',
    'protocol',
    'responseLength',
  ]),
  csv: csvFloor('csv', 9, `${UUID},${EXT_ID}`),
  'csv-legacy': csvFloor('csv-legacy', 9, UUID),
  'http-clf': regexFloor(
    'http-clf',
    `(\\S+) - - \\[([^\\]]*)\\] "(\\S+) (\\S+ \\S+|\\S+) (\\S+)" (\\S+) (\\S+) ${UUID}`,
  ),
  'http-csv': csvFloor('http-csv', 7, UUID),
  'custom-json': jsonFloor('custom-json', lineParts),
  'custom-clf': regexFloor(
    'custom-clf',
    `(\\S+) - (\\S+) \\[([^\\]]*)\\] "(\\S+) (\\S+) (\\S+)" (\\S+) (\\S+) "(.*?)" (\\S+) (\\S+) ${UUID} (/\\S*?)(?=[0-9a-f:.]+ - |$)`,
  ),
};

function floorFor(format: string): FloorPair {
  const floor = FLOORS[format];
  if (!floor) throw new Error(`no floor for ${format}`);
  return floor;
}

/** gunzip + decode + the format's floor; returns how many records it extracted. */
export function runFloor(format: string, gzipped: Buffer): number {
  return floorFor(format).plain(gunzipSync(gzipped).toString('utf8'));
}

/** The same, building the engine's output shape (CanonicalRecord in a ParsedRecord) per match. */
export function runRecordsFloor(format: string, gzipped: Buffer): number {
  return floorFor(format).records(gunzipSync(gzipped).toString('utf8'));
}
