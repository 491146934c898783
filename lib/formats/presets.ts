/**
 * Formats are data: every known layout is a named `$context` template, exactly as a stage stores it.
 * One compiler turns any of them (or a user's own) into a parser.
 * Sources: the API Gateway console presets (see shared/aws-access-logs.md §3).
 */
export interface FormatPreset {
  /** Stable id used on the command line, in config and in URLs. */
  id: string;
  label: string;
  /** 'rest' = REST API (v1) console preset, 'http' = HTTP API (v2), 'example' = a custom template we ship. */
  family: 'rest' | 'http' | 'example';
  template: string;
}

const REST_CLF =
  '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId';
const REST_JSON_FIELDS_OLD =
  '"requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength"';
const REST_XML_BODY =
  '<ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>';
const REST_CSV_OLD =
  '$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId';

export const FORMAT_PRESETS: readonly FormatPreset[] = [
  {
    id: 'clf',
    label: 'CLF (REST console preset)',
    family: 'rest',
    template: `${REST_CLF} $context.extendedRequestId`,
  },
  { id: 'clf-legacy', label: 'CLF (REST, older preset)', family: 'rest', template: REST_CLF },
  {
    id: 'json',
    label: 'JSON (REST console preset)',
    family: 'rest',
    template: `{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId", ${REST_JSON_FIELDS_OLD.replace('"requestId":"$context.requestId", ', '')} }`,
  },
  {
    id: 'json-legacy',
    label: 'JSON (REST, older preset)',
    family: 'rest',
    template: `{ ${REST_JSON_FIELDS_OLD} }`,
  },
  {
    id: 'xml',
    label: 'XML (REST console preset)',
    family: 'rest',
    template: `<request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> ${REST_XML_BODY}`,
  },
  {
    id: 'xml-legacy',
    label: 'XML (REST, older preset)',
    family: 'rest',
    template: `<request id="$context.requestId"> ${REST_XML_BODY}`,
  },
  {
    id: 'csv',
    label: 'CSV (REST console preset)',
    family: 'rest',
    template: `${REST_CSV_OLD},$context.extendedRequestId`,
  },
  { id: 'csv-legacy', label: 'CSV (REST, older preset)', family: 'rest', template: REST_CSV_OLD },
  {
    id: 'http-clf',
    label: 'CLF (HTTP API preset)',
    family: 'http',
    template:
      '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId',
  },
  {
    id: 'http-json',
    label: 'JSON (HTTP API preset)',
    family: 'http',
    template:
      '{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }',
  },
  {
    id: 'http-xml',
    label: 'XML (HTTP API preset)',
    family: 'http',
    template:
      '<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <routeKey>$context.routeKey</routeKey> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>',
  },
  {
    id: 'http-csv',
    label: 'CSV (HTTP API preset)',
    family: 'http',
    template:
      '$context.identity.sourceIp,$context.requestTime,$context.httpMethod,$context.routeKey,$context.protocol,$context.status,$context.responseLength,$context.requestId',
  },
  {
    // A hand-written JSON format with bare numbers and the fields ops staff add first; newline-terminated.
    id: 'custom-json',
    label: 'Custom JSON with latency, user agent and path',
    family: 'example',
    template:
      '{"requestId":"$context.requestId","extendedRequestId":"$context.extendedRequestId","ip":"$context.identity.sourceIp","time":"$context.requestTime","epoch":$context.requestTimeEpoch,"method":"$context.httpMethod","route":"$context.resourcePath","path":"$context.path","protocol":"$context.protocol","status":$context.status,"bytes":$context.responseLength,"latency":$context.responseLatency,"integrationLatency":$context.integrationLatency,"userAgent":"$context.identity.userAgent","stage":"$context.stage","error":"$context.error.message"}\n',
  },
  {
    // CLF-like with quoted user agent and latencies at the end; no trailing newline, so records glue.
    id: 'custom-clf',
    label: 'Custom CLF-like with latency and user agent',
    family: 'example',
    template:
      '$context.identity.sourceIp - $context.identity.user [$context.requestTime] "$context.httpMethod $context.path $context.protocol" $context.status $context.responseLength "$context.identity.userAgent" $context.responseLatency $context.integrationLatency $context.requestId $context.resourcePath',
  },
];

export function findPreset(id: string): FormatPreset | undefined {
  return FORMAT_PRESETS.find((p) => p.id === id);
}
