/**
 * Rebuilds a `$context` template from one JSON record of an unknown custom format, mapping
 * common key names to variables (`statusCode` -> `$context.status`). The literal text between
 * values is copied exactly, so the result parses that stage's records like its real template.
 */

// Keys compared lower-case with non-alphanumerics removed.
const KEY_TO_VARIABLE: Readonly<Record<string, string>> = {
  requestid: 'requestId',
  reqid: 'requestId',
  extendedrequestid: 'extendedRequestId',
  ip: 'identity.sourceIp',
  sourceip: 'identity.sourceIp',
  clientip: 'identity.sourceIp',
  remoteaddr: 'identity.sourceIp',
  remoteip: 'identity.sourceIp',
  caller: 'identity.caller',
  user: 'identity.user',
  requesttime: 'requestTime',
  time: 'requestTime',
  timestamp: 'requestTime',
  requesttimeepoch: 'requestTimeEpoch',
  epoch: 'requestTimeEpoch',
  httpmethod: 'httpMethod',
  method: 'httpMethod',
  resourcepath: 'resourcePath',
  resource: 'resourcePath',
  route: 'resourcePath',
  routekey: 'routeKey',
  path: 'path',
  uri: 'path',
  status: 'status',
  statuscode: 'status',
  httpstatus: 'status',
  protocol: 'protocol',
  responselength: 'responseLength',
  bytes: 'responseLength',
  size: 'responseLength',
  contentlength: 'responseLength',
  responselatency: 'responseLatency',
  latency: 'responseLatency',
  duration: 'responseLatency',
  integrationlatency: 'integrationLatency',
  integrationstatus: 'integration.status',
  integrationerror: 'integrationErrorMessage',
  integrationerrormessage: 'integrationErrorMessage',
  useragent: 'identity.userAgent',
  ua: 'identity.userAgent',
  stage: 'stage',
  apiid: 'apiId',
  domainname: 'domainName',
  domain: 'domainName',
  host: 'domainName',
  error: 'error.message',
  errormessage: 'error.message',
  errortype: 'error.responseType',
  responsetype: 'error.responseType',
  errorresponsetype: 'error.responseType',
  wafresponsecode: 'wafResponseCode',
  xraytraceid: 'xrayTraceId',
  traceid: 'xrayTraceId',
  accountid: 'identity.accountId',
  apikeyid: 'identity.apiKeyId',
};

const CLF_TIME = /^\d\d\/[A-Za-z]{3}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}$/;

export function variableForJsonKey(key: string, value: string): string {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  let suffix = KEY_TO_VARIABLE[normalized];
  if (suffix === 'requestTime' && /^\d+$/.test(value)) suffix = 'requestTimeEpoch';
  if (suffix === undefined && CLF_TIME.test(value)) suffix = 'requestTime';
  if (suffix === undefined) {
    // Unknown keys keep their data under a variable named after the key (in `extra`).
    const segment = key.replace(/[^A-Za-z0-9_]/g, '_') || 'value';
    suffix = /^[A-Za-z0-9_]+$/.test(segment) ? segment : 'value';
  }
  return `$context.${suffix}`;
}

// One member: key, separator, a quoted value without quotes inside, or a bare scalar.
const MEMBER = /\s*"([^"]*)"(\s*:\s*)(?:"([^"]*)"|([^\s,{}[\]"]+))(\s*)([,}])/y;

/** The first `{...}` record in the sample, found by brace depth outside strings. */
function firstObjectText(sample: string): string | null {
  const start = sample.indexOf('{');
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < sample.length && i - start < 16_384; i++) {
    const c = sample[i];
    if (c === '"') inString = !inString;
    else if (!inString && c === '{') depth++;
    else if (!inString && c === '}' && --depth === 0) return sample.slice(start, i + 1);
  }
  return null;
}

/** Template for the first JSON record of the sample, or null if it is not a flat JSON object. */
export function synthesizeJsonTemplate(sample: string): string | null {
  const text = firstObjectText(sample);
  if (text === null) return null;
  let template = '{';
  let position = 1;
  const used = new Set<string>();
  for (;;) {
    MEMBER.lastIndex = position;
    const m = MEMBER.exec(text);
    if (m === null) return null;
    const [, key, separator, quoted, bare, space, terminator] = m;
    const prefix = text.slice(position, m.index + m[0].indexOf('"'));
    const value = quoted ?? bare;
    let variable = variableForJsonKey(key, value);
    if (used.has(variable)) variable = `$context.${key.replace(/[^A-Za-z0-9_]/g, '_') || 'value'}`;
    used.add(variable);
    const slot = quoted !== undefined ? `"${variable}"` : variable;
    template += `${prefix}"${key}"${separator}${slot}${space}${terminator}`;
    position = MEMBER.lastIndex;
    if (terminator === '}') break;
  }
  if (position !== text.length || used.size === 0) return null;
  const hasId = used.has('$context.requestId') || used.has('$context.extendedRequestId');
  return hasId ? template : null;
}
