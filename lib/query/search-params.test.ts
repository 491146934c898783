import fc from 'fast-check';
import { expect, test } from 'vitest';
import { logFilterSchema, type FilterCondition, type LogFilter } from './filter';
import {
  filterToSearchParams,
  parseFilterParams,
  parseRowParams,
  rowParamsToSearchParams,
} from './search-params';

const parse = (query: string) => parseFilterParams(new URLSearchParams(query));

test('every filter parameter, include and exclude', () => {
  const { filter, problems } = parse(
    'range=1h&ip=10.0.0.0/8,2001:db8::1&method!=get,POST&route.prefix=/pets&path.glob=/prod/*/photos' +
      '&status=404,5xx&latency=100-&ua=Mozilla, like Gecko&requestId=abc&q!=timeout&source=api-prod' +
      '&path!=/health&route=/pets/{petId}&path.contains=a%25b&path.prefix=/prod/&latency!=-5',
  );
  expect(problems).toEqual([]);
  expect(filter.range).toEqual({ kind: 'relative', last: '1h' });
  expect(filter.conditions).toEqual<FilterCondition[]>([
    { field: 'ip', values: ['10.0.0.0/8', '2001:db8::1'], exclude: false },
    { field: 'method', values: ['GET', 'POST'], exclude: true },
    { field: 'route', match: 'prefix', value: '/pets', exclude: false },
    { field: 'path', match: 'glob', value: '/prod/*/photos', exclude: false },
    { field: 'status', values: ['404', '5xx'], exclude: false },
    { field: 'latency', min: 100, max: null, exclude: false },
    { field: 'userAgent', value: 'Mozilla, like Gecko', exclude: false },
    { field: 'requestId', values: ['abc'], exclude: false },
    { field: 'text', value: 'timeout', exclude: true },
    { field: 'source', values: ['api-prod'], exclude: false },
    { field: 'path', match: 'exact', value: '/health', exclude: true },
    { field: 'route', match: 'exact', value: '/pets/{petId}', exclude: false },
    { field: 'path', match: 'contains', value: 'a%b', exclude: false },
    { field: 'path', match: 'prefix', value: '/prod/', exclude: false },
    { field: 'latency', min: null, max: 5, exclude: true },
  ]);
});

test('absolute ranges', () => {
  const { filter, problems } = parse('from=2024-05-01T10:00:00Z&to=2024-05-01T11:00:00Z');
  expect(problems).toEqual([]);
  expect(filter.range).toEqual({
    kind: 'absolute',
    from: Date.UTC(2024, 4, 1, 10),
    to: Date.UTC(2024, 4, 1, 11),
  });
});

test('malformed parameters get specific messages and are dropped; the rest applies', () => {
  const { filter, problems } = parse(
    'range=2w&ip=10.0.0.300&status=600,2xx&latency=fast&method=G3T&ua=&path=/ok&from=2024-05-01T10:00:00Z',
  );
  expect(filter.conditions).toEqual([
    { field: 'path', match: 'exact', value: '/ok', exclude: false },
  ]);
  expect(filter.range).toEqual({ kind: 'relative', last: '24h' });
  expect(problems).toEqual([
    'use either range or from/to, not both; from/to applies',
    'to is missing: an absolute range needs both from and to',
    'ip="10.0.0.300": must be an IP address or CIDR block',
    'status="600,2xx": must be a status code (404) or class (5xx)',
    'latency="fast": must be min-max in milliseconds, e.g. 100-500, 100- or -500',
    'method="G3T": must be an HTTP method in capitals, e.g. GET',
    'ua="": must not be empty',
  ]);
  expect(parse('from=yesterday&to=now').problems).toEqual([
    'from="yesterday": must be an ISO 8601 time such as 2024-05-01T10:00:00Z or epoch milliseconds',
  ]);
  expect(parse('from=2024-05-02&to=2024-05-01').problems).toEqual(['from must be before to']);
  expect(parse('latency=500-100').problems).toEqual([
    'latency="500-100": minimum must not exceed maximum',
  ]);
  expect(parse('ip=').problems).toEqual(['ip="": needs at least one value']);
});

test('unknown parameters are ignored', () => {
  expect(parse('cols=ip,status&row=abc&tz=local')).toEqual({
    filter: { range: { kind: 'relative', last: '24h' }, conditions: [] },
    problems: [],
  });
});

const safeText = fc.string({ minLength: 1, maxLength: 20 });
const listText = safeText.filter((s) => !s.includes(',') && s.trim() === s && s !== '');
const conditionArb: fc.Arbitrary<FilterCondition> = fc.oneof(
  fc.record({
    field: fc.constant('source' as const),
    values: fc.array(listText, { minLength: 1, maxLength: 3 }),
    exclude: fc.boolean(),
  }),
  fc.record({
    field: fc.constant('ip' as const),
    values: fc.array(fc.constantFrom('10.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32'), {
      minLength: 1,
      maxLength: 3,
    }),
    exclude: fc.boolean(),
  }),
  fc.record({
    field: fc.constant('method' as const),
    values: fc.array(fc.constantFrom('GET', 'POST'), { minLength: 1, maxLength: 2 }),
    exclude: fc.boolean(),
  }),
  fc.record({
    field: fc.constant('route' as const),
    match: fc.constantFrom('exact' as const, 'prefix' as const),
    value: safeText,
    exclude: fc.boolean(),
  }),
  fc.record({
    field: fc.constant('path' as const),
    match: fc.constantFrom(
      'exact' as const,
      'prefix' as const,
      'contains' as const,
      'glob' as const,
    ),
    value: safeText,
    exclude: fc.boolean(),
  }),
  fc.record({
    field: fc.constant('status' as const),
    values: fc.array(fc.constantFrom('200', '404', '5xx', '2xx'), { minLength: 1, maxLength: 3 }),
    exclude: fc.boolean(),
  }),
  fc
    .record({
      field: fc.constant('latency' as const),
      min: fc.option(fc.integer({ min: 0, max: 100 })),
      max: fc.option(fc.integer({ min: 100, max: 9000 })),
      exclude: fc.boolean(),
    })
    .filter((c) => c.min !== null || c.max !== null),
  fc.record({ field: fc.constant('userAgent' as const), value: safeText, exclude: fc.boolean() }),
  fc.record({
    field: fc.constant('requestId' as const),
    values: fc.array(listText, { minLength: 1, maxLength: 2 }),
    exclude: fc.boolean(),
  }),
  fc.record({ field: fc.constant('text' as const), value: safeText, exclude: fc.boolean() }),
);
const rangeArb = fc.oneof(
  fc.constantFrom('15m', '1h', '24h', '7d').map((last) => ({ kind: 'relative' as const, last })),
  fc
    .tuple(fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 1, max: 1e9 }))
    .map(([from, d]) => ({ kind: 'absolute' as const, from, to: from + d })),
);

test('filter -> URL -> filter is the identity for valid filters', () => {
  fc.assert(
    fc.property(rangeArb, fc.array(conditionArb, { maxLength: 6 }), (range, conditions) => {
      const filter: LogFilter = logFilterSchema.parse({ range, conditions });
      const back = parseFilterParams(new URLSearchParams(filterToSearchParams(filter).toString()));
      expect(back.problems).toEqual([]);
      expect(back.filter).toEqual(filter);
    }),
  );
});

test('sort and paging parameters', () => {
  expect(parseRowParams(new URLSearchParams('sort=latencyMs.asc&page=3&size=100'))).toEqual({
    sort: { column: 'latencyMs', direction: 'asc' },
    page: { index: 2, size: 100 },
    problems: [],
  });
  const bad = parseRowParams(new URLSearchParams('sort=raw;drop&page=0'));
  expect(bad.sort).toEqual({ column: 'time', direction: 'desc' });
  expect(bad.problems).toHaveLength(2);
  expect(
    rowParamsToSearchParams(
      { column: 'status', direction: 'asc' },
      { index: 1, size: 50 },
    ).toString(),
  ).toBe('sort=status.asc&page=2');
});
