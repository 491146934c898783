import { test, expect } from 'vitest';
import { compileTemplate } from './template-compiler';
import { parseObject } from './parse-object';
import { findPreset } from './presets';

function template(id: string): string {
  return findPreset(id)?.template ?? '';
}

function parse(text: string, format: string) {
  return parseObject(Buffer.from(text), {
    objectKey: 'k',
    formats: [{ template: format, effectiveFrom: null }],
  });
}

test('variables are typed and the template edges are trimmed', () => {
  const compiled = compileTemplate(template('custom-json'));
  expect(compiled.selfDelimited).toBe(true);
  expect(compiled.parts[compiled.parts.length - 1]).toEqual({ kind: 'literal', text: '"}' });
  const kinds = Object.fromEntries(compiled.variables.map((v) => [v.name, v.kind]));
  expect(kinds).toMatchObject({
    '$context.requestId': 'id',
    '$context.identity.sourceIp': 'ip',
    '$context.requestTime': 'time',
    '$context.status': 'number',
    '$context.stage': 'token',
    '$context.identity.userAgent': 'text',
  });
  expect(compileTemplate(template('custom-json'))).toBe(compiled);
});

test('record starts are distinctive: the JSON opening, or CLF up to the request time', () => {
  expect(compileTemplate(template('json')).startSource).toBe('\\{ "requestId":"');
  const clf = new RegExp(`^(?:${compileTemplate(template('clf')).startSource})`);
  expect(clf.test('10.0.0.1 - - [01/Nov/2019:02:13:45 +0000] "GET')).toBe(true);
  expect(clf.test('Chrome/120.0.0.0 Safari/537.36"')).toBe(false);
});

test('glued CLF: a UUID is not cut where the next IPv6 could start', () => {
  const a =
    '10.0.0.1 - - [01/Nov/2019:02:13:45 +0000] "GET /a HTTP/1.1" 200 1 bb0afe31-fc1b-11e9-9e7e-0242ac120000';
  const b =
    '::1 - - [01/Nov/2019:02:13:46 +0000] "GET /b HTTP/1.1" 200 1 cc0afe31-fc1b-11e9-9e7e-0242ac12000f';
  const c =
    'abcd::1 - - [01/Nov/2019:02:13:47 +0000] "GET /c HTTP/1.1" 200 1 dd0afe31-fc1b-11e9-9e7e-0242ac12000f';
  const result = parse(a + b + c, template('clf-legacy'));
  expect(result.records.map((r) => [r.record.ip, r.record.requestId?.slice(-4)])).toEqual([
    ['10.0.0.1', '0000'],
    ['::1', '000f'],
    ['abcd::1', '000f'],
  ]);
});

test('glued HTTP-API CLF: request ids that are not UUIDs still end where the next record starts', () => {
  const line = (ip: string, id: string) =>
    `${ip} - - [05/Apr/2022:23:43:16 +0000] "GET GET /pets HTTP/1.1" 200 20 ${id}`;
  const text =
    line('198.51.100.7', 'GQIVriFLIAMEMsA=') +
    line('fe80::1', 'HQIVriFLIAMEMsA=') +
    line('1.2.3.4', 'client-sent-id');
  const result = parse(text, template('http-clf'));
  expect(result.rejects).toEqual([]);
  expect(result.records.map((r) => r.record.requestId)).toEqual([
    'GQIVriFLIAMEMsA=',
    'HQIVriFLIAMEMsA=',
    'client-sent-id',
  ]);
});

test('unescaped quotes and backslashes in JSON, < and & in XML, still parse', () => {
  const json = `{"requestId":"r1","extendedRequestId":"-","ip":"1.2.3.4","time":"-","epoch":-,"method":"GET","route":"/","path":"/p","protocol":"HTTP/1.1","status":-,"bytes":-,"latency":-,"integrationLatency":-,"userAgent":"say \\"hi\\" \\\\ c:\\\\x","stage":"prod","error":"bad "thing"}"}\n`;
  const parsed = parse(json, template('custom-json'));
  expect(parsed.rejects).toEqual([]);
  expect(parsed.records[0].record).toMatchObject({
    userAgent: 'say \\"hi\\" \\\\ c:\\\\x',
    errorMessage: 'bad "thing"}',
    status: null,
    time: null,
  });
  const xml =
    '<request id="r2"> <ip>1.2.3.4</ip> <caller>-</caller> <user>a&b</user> <requestTime>-</requestTime> <httpMethod>GET</httpMethod> <resourcePath>/x</resourcePath> <status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>5</responseLength> </request>';
  const twoXml = xml + xml.replace('r2', 'r3');
  expect(parse(twoXml, template('xml-legacy')).records.map((r) => r.record.user)).toEqual([
    'a&b',
    'a&b',
  ]);
  const custom =
    '<r id="$context.requestId"><ua>$context.identity.userAgent</ua><e>$context.error.message</e></r>';
  const text =
    '<r id="a"><ua>x <b>&amp; </ua</ua><e>1 < 2 & </e></e></r><r id="b"><ua>-</ua><e>-</e></r>';
  expect(
    parse(text, custom).records.map((r) => [r.record.userAgent, r.record.errorMessage]),
  ).toEqual([
    ['x <b>&amp; </ua', '1 < 2 & </e>'],
    [null, null],
  ]);
});

test('a user agent holding its own anchor takes the longest reading, in lines and glued', () => {
  const line = (id: string, ua: string) =>
    `1.2.3.4 - - [01/Nov/2019:02:13:45 +0000] "GET /prod/a b HTTP/1.1" 200 3 "${ua}" 12 9 ${id} /x`;
  const ua = 'Mozilla/5.0 "quoted" 12 34 (x) "" end';
  const ids = ['bb0afe31-fc1b-11e9-9e7e-0242ac120002', 'cc0afe31-fc1b-11e9-9e7e-0242ac120002'];
  for (const text of [
    `${line(ids[0], ua)}\n${line(ids[1], ua)}\n`,
    line(ids[0], ua) + line(ids[1], ua),
  ]) {
    const result = parse(text, template('custom-clf'));
    expect(result.rejects).toEqual([]);
    expect(
      result.records.map((r) => [r.record.userAgent, r.record.path, r.record.latencyMs]),
    ).toEqual([
      [ua, '/prod/a b', 12],
      [ua, '/prod/a b', 12],
    ]);
  }
});

test('a user agent containing the next JSON key is read whole, not cut at its first anchor', () => {
  const t =
    '{"requestId":"$context.requestId","ua":"$context.identity.userAgent","path":"$context.path","err":"$context.error.message"}\n';
  const text = '{"requestId":"r1","ua":"evil","path":"/x","err":"e","path":"/real","err":"-"}\n';
  const result = parse(text, t);
  expect(result.records[0].record).toMatchObject({
    userAgent: 'evil","path":"/x","err":"e',
    path: '/real',
    errorMessage: null,
  });
});

test('variables glued without a literal between them still parse when lines frame records', () => {
  const t = '$context.requestId$context.status $context.identity.userAgent';
  const result = parse('abc200 curl/8\nxyz404 Mozilla x\n', t);
  expect(result.rejects).toEqual([]);
  expect(result.records.length).toBe(2);
  expect(result.records[1].record.userAgent).toBe('Mozilla x');
});

test('a newline-terminated template also reads records that arrive glued', () => {
  const t = '{"requestId":"$context.requestId","status":$context.status}\n';
  const result = parse('{"requestId":"a","status":200}{"requestId":"b","status":-}', t);
  expect(result.records.map((r) => [r.record.requestId, r.record.status])).toEqual([
    ['a', 200],
    ['b', null],
  ]);
});
