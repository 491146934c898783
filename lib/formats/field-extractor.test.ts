import { test, expect } from 'vitest';
import fc from 'fast-check';
import { extractFields } from './field-extractor';
import { buildMatcherSet } from './matchers';
import { parseObject } from './parse-object';
import { FORMAT_PRESETS } from './presets';
import { compileTemplate } from './template-compiler';
import { renderTemplate, tokenizeTemplate } from './template-tokens';

// One variable of every kind the compiler knows (variable-patterns.ts classifyVariable).
const VARIABLES = [
  '$context.requestTime',
  '$context.status',
  '$context.requestTimeEpoch',
  '$context.identity.sourceIp',
  '$context.httpMethod',
  '$context.protocol',
  '$context.routeKey',
  '$context.requestId',
  '$context.extendedRequestId',
  '$context.stage',
  '$context.resourcePath',
  '$context.identity.userAgent',
  '$context.path',
  '$context.error.message',
];
const LITERALS = [
  ' ',
  ',',
  '|',
  '"',
  '" ',
  '", "k":"',
  '","k":',
  ':',
  '::',
  '<a>',
  '</a> <b>',
  '] "',
  ' [',
  '.',
  '-',
  '/',
];
// Values are built from the characters the literals are made of, so they collide with anchors.
const VALUE_CHARS = 'aZ09-./: ,|"<>[]{}kGET';

const templateArb = fc
  .array(fc.tuple(fc.constantFrom(...LITERALS), fc.constantFrom(...VARIABLES)), {
    minLength: 1,
    maxLength: 6,
  })
  .chain((pairs) =>
    fc
      .tuple(fc.constant(pairs), fc.constantFrom('', ...LITERALS), fc.boolean())
      .map(
        ([list, tail, lead]) =>
          `${lead ? '{' : ''}${list.map(([literal, name], i) => (i === 0 && !lead ? name : literal + name)).join('')}${tail}`,
      ),
  );

const valueArb = fc.oneof(
  fc.constantFrom(
    '-',
    '',
    '200',
    '1.5',
    '10.0.0.1',
    '::1',
    'GET',
    'HTTP/1.1',
    'GET /pets',
    'POST /a b',
    '01/Nov/2019:02:13:45 +0000',
    'bb0afe31-1a2b-4c3d-8e9f-0123456789ab',
    'GQIVriFLIAMEMsA=',
  ),
  fc.array(fc.constantFrom(...VALUE_CHARS), { maxLength: 12 }).map((chars) => chars.join('')),
);

/** Every position where the strict regex matches: extraction must equal exec()'s captures. */
function checkAgainstExec(template: string, text: string): number {
  const matcher = buildMatcherSet([compileTemplate(template)]).matchers[0];
  const extractor = matcher.extractor;
  if (extractor === null) return 0;
  const n = matcher.format.variables.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  let compared = 0;
  for (let at = 0; at < text.length; at++) {
    matcher.strict.lastIndex = at;
    const groups = matcher.strict.exec(text);
    if (groups === null) continue;
    if (!extractFields(text, at, matcher.strict.lastIndex, extractor, starts, ends)) continue;
    const values = Array.from({ length: n }, (_, i) => text.slice(starts[i], ends[i]));
    expect(values).toEqual(groups.slice(1));
    compared++;
  }
  return compared;
}

test('positions found without exec are exactly the strict regex captures', () => {
  let compared = 0;
  fc.assert(
    fc.property(
      templateArb,
      fc.array(fc.dictionary(fc.constantFrom(...VARIABLES), valueArb), {
        minLength: 1,
        maxLength: 3,
      }),
      fc.constantFrom('', '\n', ' '),
      (template, records, separator) => {
        const tokens = tokenizeTemplate(template);
        const text = records.map((values) => renderTemplate(tokens, values)).join(separator);
        compared += checkAgainstExec(template, text);
      },
    ),
    { numRuns: 1500 },
  );
  // The property must actually have exercised the extractor.
  expect(compared).toBeGreaterThan(500);
});

test('presets all have an extractor, and it agrees with exec on hostile values', () => {
  for (const preset of FORMAT_PRESETS) {
    const matcher = buildMatcherSet([compileTemplate(preset.template)]).matchers[0];
    expect(matcher.extractor, preset.id).not.toBeNull();
  }
  fc.assert(
    fc.property(
      fc.constantFrom(...FORMAT_PRESETS),
      fc.array(fc.dictionary(fc.constantFrom(...VARIABLES), valueArb), {
        minLength: 1,
        maxLength: 3,
      }),
      (preset, records) => {
        const tokens = tokenizeTemplate(preset.template);
        checkAgainstExec(preset.template, records.map((v) => renderTemplate(tokens, v)).join(''));
      },
    ),
    { numRuns: 500 },
  );
});

test('a route key takes the reading without its method prefix when only that one fits', () => {
  // `GET HTTP/1.1`: with the prefix, the route key would be `HTTP/1.1"` and no protocol follows.
  for (const [template, text] of [
    ['"$context.routeKey $context.protocol" $context.status', '"GET HTTP/1.1" 200'],
    ['$context.requestId "$context.routeKey $context.protocol" x', 'r1 "POST HTTP/2.0" x'],
  ]) {
    expect(checkAgainstExec(template, text)).toBeGreaterThan(0);
  }
});

test('a route key read with and without its method prefix is left to exec when both fit', () => {
  const template = '"$context.routeKey $context.stage" $context.status';
  const matcher = buildMatcherSet([compileTemplate(template)]).matchers[0];
  const extractor = matcher.extractor;
  if (extractor === null) throw new Error('expected an extractor');
  const starts = new Int32Array(3);
  const ends = new Int32Array(3);
  // `GET /pets prod` = routeKey `GET /pets` + stage `prod`; no other reading fits.
  const text = '"GET /pets prod" 200';
  matcher.strict.lastIndex = 0;
  expect(matcher.strict.test(text)).toBe(true);
  expect(extractFields(text, 0, text.length, extractor, starts, ends)).toBe(true);
  expect(text.slice(starts[0], ends[0])).toBe('GET /pets');
  expect(text.slice(starts[1], ends[1])).toBe('prod');
  // `GET /a /b` reads as routeKey `GET /a` + path `/b` or `GET` + `/a /b`: exec() decides.
  const ambiguous = buildMatcherSet([compileTemplate('"$context.routeKey $context.path" x')])
    .matchers[0];
  const both = '"GET /a /b" x';
  ambiguous.strict.lastIndex = 0;
  expect(ambiguous.strict.test(both)).toBe(true);
  const extractorBoth = ambiguous.extractor;
  if (extractorBoth === null) throw new Error('expected an extractor');
  expect(extractFields(both, 0, both.length, extractorBoth, starts, ends)).toBe(false);
  const record = parseObject(Buffer.from(both), {
    objectKey: 'k',
    formats: [{ template: '"$context.routeKey $context.path" x', effectiveFrom: null }],
  }).records[0].record;
  expect([record.route, record.path]).toEqual(['GET /a', '/b']);
});
