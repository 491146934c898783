import { test, expect } from 'vitest';
import { COLUMN_IDS } from './columns';
import {
  describeRange,
  parseAggregatesQuery,
  parseExportQuery,
  parseRowsQuery,
  problemsResponse,
} from './api-params';

const q = (text: string) => new URLSearchParams(text);

test('rows: the page parameters, 1-based pages', () => {
  const parsed = parseRowsQuery(q('range=1h&status=5xx&sort=latencyMs.desc&page=3&size=100'));
  expect(parsed.ok && parsed.value.page).toEqual({ index: 2, size: 100 });
  expect(parsed.ok && parsed.value.sort).toEqual({ column: 'latencyMs', direction: 'desc' });
  expect(parsed.ok && parsed.value.filter.conditions).toHaveLength(1);
});

test('the API refuses malformed parameters and lists every problem', () => {
  const parsed = parseRowsQuery(q('range=1y&size=0&ip=nope'));
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.problems).toHaveLength(3);
});

test('aggregates: top dimensions and n', () => {
  const parsed = parseAggregatesQuery(q('top=route,userAgent,route&n=25'));
  expect(parsed.ok && parsed.value.top).toEqual(['route', 'userAgent']);
  expect(parsed.ok && parsed.value.n).toBe(25);
  expect(parseAggregatesQuery(q('')).ok).toBe(true);
  const bad = parseAggregatesQuery(q('top=route,bogus&n=5000'));
  expect(bad.ok).toBe(false);
  if (!bad.ok) {
    expect(bad.problems[0]).toContain('"bogus"');
    expect(bad.problems[1]).toContain('n="5000"');
  }
});

test('export: format and columns', () => {
  const csv = parseExportQuery(q('range=24h'));
  expect(csv.ok && csv.value.format).toBe('csv');
  expect(csv.ok && csv.value.columns).toEqual(COLUMN_IDS);
  const nd = parseExportQuery(q('format=ndjson&cols=time,ip'));
  expect(nd.ok && nd.value.format).toBe('ndjson');
  expect(nd.ok && nd.value.columns).toEqual(['time', 'ip']);
  expect(parseExportQuery(q('format=xlsx')).ok).toBe(false);
  expect(parseExportQuery(q('cols=time,bogus')).ok).toBe(false);
});

test('problems answer 400 with the list', async () => {
  const response = problemsResponse(['a', 'b']);
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: 'invalid parameters', problems: ['a', 'b'] });
});

test('ranges are reported as ISO and epoch ms', () => {
  expect(describeRange({ from: 0, to: 1000 })).toEqual({
    from: '1970-01-01T00:00:00.000Z',
    to: '1970-01-01T00:00:01.000Z',
    fromMs: 0,
    toMs: 1000,
  });
});
