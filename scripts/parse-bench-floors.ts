/**
 * The floor the format engine is measured against: what a minimal hand-written reader of one
 * known format does (gunzip, split on the record boundary, one plain regex or JSON.parse), with
 * no typing, no rejects accounting, no dedupe. Results are kept per object, as the engine's are.
 */
import { gunzipSync } from 'node:zlib';

type Floor = (text: string) => number;

const UUID = '([0-9a-f-]{36})';
const EXT_ID = '([A-Za-z0-9+/]{15}=)';
const REST_CLF_HEAD = '(\\S+) (\\S+) (\\S+) \\[([^\\]]*)\\] "(\\S+) (\\S+) (\\S+)" (\\S+) (\\S+) ';

function regexFloor(source: string): Floor {
  const regex = new RegExp(source, 'g');
  return (text) => {
    const kept: RegExpExecArray[] = [];
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) kept.push(m);
    return kept.length;
  };
}

function parseJson(text: string, kept: unknown[]): void {
  try {
    kept.push(JSON.parse(text));
  } catch {
    // A raw quote in a value: the naive reader loses the record (that is its failure mode).
  }
}

/** Glued JSON (`}{` between records). */
const gluedJson: Floor = (text) => {
  const kept: unknown[] = [];
  const parts = text.split('}{');
  const last = parts.length - 1;
  for (let i = 0; i <= last; i++) {
    parseJson((i > 0 ? '{' : '') + parts[i] + (i < last ? '}' : ''), kept);
  }
  return kept.length;
};

const lineJson: Floor = (text) => {
  const kept: unknown[] = [];
  for (const line of text.split('\n')) if (line !== '') parseJson(line, kept);
  return kept.length;
};

function xmlFloor(tags: string[]): Floor {
  const body = tags.map((t) => ` <${t}>([^<]*)</${t}>`).join('');
  return regexFloor(`<request id="([^"]*)">${body} </request>`);
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

function csvFloor(plainFields: number, tail: string): Floor {
  return regexFloor('([^,]*),'.repeat(plainFields) + tail);
}

export const FLOORS: Readonly<Record<string, Floor>> = {
  clf: regexFloor(`${REST_CLF_HEAD}${UUID} ${EXT_ID}`),
  'clf-legacy': regexFloor(`${REST_CLF_HEAD}${UUID}`),
  json: gluedJson,
  'json-legacy': gluedJson,
  'http-json': gluedJson,
  xml: xmlFloor(['extendedRequestId', ...REST_XML_TAGS]),
  'xml-legacy': xmlFloor(REST_XML_TAGS),
  'http-xml': xmlFloor([
    'ip',
    'requestTime',
    'httpMethod',
    'routeKey',
    'status',
    'protocol',
    'responseLength',
  ]),
  csv: csvFloor(9, `${UUID},${EXT_ID}`),
  'csv-legacy': csvFloor(9, UUID),
  'http-clf': regexFloor(
    `(\\S+) - - \\[([^\\]]*)\\] "(\\S+) (\\S+ \\S+|\\S+) (\\S+)" (\\S+) (\\S+) ${UUID}`,
  ),
  'http-csv': csvFloor(7, UUID),
  'custom-json': lineJson,
  'custom-clf': regexFloor(
    `(\\S+) - (\\S+) \\[([^\\]]*)\\] "(\\S+) (\\S+) (\\S+)" (\\S+) (\\S+) "(.*?)" (\\S+) (\\S+) ${UUID} (/\\S*?)(?=[0-9a-f:.]+ - |$)`,
  ),
};

/** gunzip + decode + the format's floor; returns how many records it extracted. */
export function runFloor(format: string, gzipped: Buffer): number {
  const floor = FLOORS[format];
  if (!floor) throw new Error(`no floor for ${format}`);
  return floor(gunzipSync(gzipped).toString('utf8'));
}
