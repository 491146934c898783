import { test, expect } from 'vitest';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { FORMAT_PRESETS } from './presets';
import { parseObject } from './parse-object';
import { renderTemplate, tokenizeTemplate } from './template-tokens';
import { expectedRecord, requestArb, type SampleRequest } from './test-values';

const NUMBER_VARIABLES = new Set([
  '$context.status',
  '$context.responseLength',
  '$context.responseLatency',
  '$context.integrationLatency',
  '$context.requestTimeEpoch',
  '$context.integration.status',
]);
const OPTIONAL_VARIABLES = [
  '$context.requestTime',
  '$context.requestTimeEpoch',
  '$context.httpMethod',
  '$context.resourcePath',
  '$context.routeKey',
  '$context.path',
  '$context.protocol',
  '$context.status',
  '$context.responseLength',
  '$context.responseLatency',
  '$context.integrationLatency',
  '$context.identity.userAgent',
  '$context.identity.caller',
  '$context.stage',
  '$context.error.message',
  '$context.error.responseType',
  '$context.wafResponseCode',
  '$context.apiId',
  '$context.domainName',
  '$context.xrayTraceId',
  '$context.integration.status',
];

/** A custom template and whether its records may be glued (a distinct start and end). */
interface CustomTemplate {
  template: string;
  gluable: boolean;
}

const keyArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
const variablesArb = fc.shuffledSubarray(OPTIONAL_VARIABLES, { minLength: 1, maxLength: 10 });

const jsonTemplateArb: fc.Arbitrary<CustomTemplate> = fc
  .record({
    variables: variablesArb,
    keys: fc.uniqueArray(keyArb, { minLength: 12, maxLength: 12 }),
    bare: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    separator: fc.constantFrom(',', ', '),
    open: fc.constantFrom('{', '{ '),
    close: fc.constantFrom('}', ' }'),
    idFirst: fc.boolean(),
  })
  .map(({ variables, keys, bare, separator, open, close, idFirst }) => {
    const all = idFirst
      ? ['$context.requestId', ...variables]
      : [...variables, '$context.requestId'];
    const members = all.map((name, i) => {
      const value = bare[i] && NUMBER_VARIABLES.has(name) ? name : `"${name}"`;
      return `"${keys[i]}":${value}`;
    });
    return { template: `${open}${members.join(separator)}${close}`, gluable: true };
  });

const xmlTemplateArb: fc.Arbitrary<CustomTemplate> = fc
  .record({
    variables: variablesArb,
    tags: fc.uniqueArray(fc.stringMatching(/^[a-z][A-Za-z]{0,8}$/), {
      minLength: 11,
      maxLength: 11,
    }),
    gap: fc.constantFrom('', ' '),
  })
  .map(({ variables, tags, gap }) => {
    const [root, ...children] = tags;
    const body = variables.map((name, i) => `<${children[i]}>${name}</${children[i]}>`).join(gap);
    return {
      template: `<${root} id="$context.requestId">${gap}${body}${gap}</${root}>`,
      gluable: true,
    };
  });

function quoteText(name: string): string {
  return name === '$context.identity.userAgent' || name === '$context.error.message'
    ? `"${name}"`
    : name;
}

const delimitedTemplateArb: fc.Arbitrary<CustomTemplate> = fc
  .record({
    variables: variablesArb,
    delimiter: fc.constantFrom(',', '|', ';', '\t'),
    extendedLast: fc.boolean(),
  })
  .map(({ variables, delimiter, extendedLast }) => {
    const fields = variables.map(quoteText);
    const last = extendedLast
      ? ['$context.requestId', '$context.extendedRequestId']
      : ['$context.requestId'];
    return {
      template: ['$context.identity.sourceIp', ...fields, ...last].join(delimiter),
      gluable: true,
    };
  });

const clfTemplateArb: fc.Arbitrary<CustomTemplate> = fc
  .record({ extra: fc.shuffledSubarray(OPTIONAL_VARIABLES, { maxLength: 4 }) })
  .map(({ extra }) => ({
    template: [
      '$context.identity.sourceIp - $context.identity.user [$context.requestTime]',
      '"$context.httpMethod $context.path $context.protocol" $context.status $context.responseLength',
      ...extra.map(quoteText),
      '$context.requestId',
    ].join(' '),
    gluable: true,
  }));

const customTemplateArb = fc.oneof(
  jsonTemplateArb,
  xmlTemplateArb,
  delimitedTemplateArb,
  clfTemplateArb,
);

type Framing = 'glued' | 'template-newline' | 'LF' | 'CRLF';

function render(
  template: string,
  requests: SampleRequest[],
  framing: Framing,
): { template: string; text: string } {
  const effective = framing === 'template-newline' ? `${template}\n` : template;
  const tokens = tokenizeTemplate(effective);
  const records = requests.map((r) => renderTemplate(tokens, r.values));
  const separator = framing === 'LF' ? '\n' : framing === 'CRLF' ? '\r\n' : '';
  return { template: effective, text: records.join(separator) };
}

function checkRoundTrip(
  template: string,
  requests: SampleRequest[],
  framing: Framing,
  gzip: boolean,
) {
  const rendered = render(template, requests, framing);
  const data = Buffer.from(rendered.text, 'utf8');
  const result = parseObject(gzip ? gzipSync(data) : data, {
    objectKey: 'k',
    formats: [{ template: rendered.template, effectiveFrom: null }],
  });
  expect(result.rejects).toEqual([]);
  expect(result.duplicates).toBe(0);
  expect(result.records.map((r) => r.record)).toEqual(
    requests.map((r) => expectedRecord(rendered.template, r)),
  );
  for (const parsed of result.records) {
    // Offsets are byte offsets into the (UTF-8) object.
    expect(data.subarray(parsed.offset, parsed.offset + parsed.length).toString('utf8')).toBe(
      parsed.raw,
    );
  }
}

function uniqueRequests(httpApi: boolean) {
  return fc.uniqueArray(requestArb(httpApi), {
    minLength: 1,
    maxLength: 5,
    selector: (r) => r.values['$context.requestId'],
  });
}

const framingArb = fc.constantFrom<Framing>('glued', 'template-newline', 'LF', 'CRLF');

test('preset records parse back, glued or newline-framed', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...FORMAT_PRESETS),
      framingArb,
      fc.boolean(),
      fc.boolean().chain((http) => uniqueRequests(http)),
      (preset, framing, gzip, requests) => {
        checkRoundTrip(preset.template, requests, framing, gzip);
      },
    ),
    { numRuns: 300 },
  );
});

test('records of generated custom templates parse back', () => {
  fc.assert(
    fc.property(
      customTemplateArb,
      framingArb,
      fc.boolean().chain((http) => uniqueRequests(http)),
      (custom, framing, requests) => {
        fc.pre(custom.gluable || framing !== 'glued');
        checkRoundTrip(custom.template, requests, framing, false);
      },
    ),
    { numRuns: 400 },
  );
});
