import { test, expect } from 'vitest';
import { matchLenient, type WindowContext } from './lenient-matcher';
import { buildMatcherSet } from './matchers';
import { compileTemplate } from './template-compiler';

function context(text: string, steps = 1_000_000, tail: RegExp | null = null): WindowContext {
  return { text, start: 0, tail, budget: { steps } };
}

test('user agents take the longest reading, other values the shortest', () => {
  const format = compileTemplate(
    '$context.requestId|"$context.path"|"$context.identity.userAgent"|"$context.stage"|',
  );
  const text = 'r1|"/a"|"b"|"ua"|"x"|"prod"|';
  const match = matchLenient(text, format, context(text));
  expect(match?.values.slice(1)).toEqual(['r1', '/a', 'b"|"ua"|"x', 'prod']);
  expect(match?.length).toBe(text.length);
});

test('typed values and tokens constrain the reading', () => {
  const format = compileTemplate(
    '$context.identity.userAgent $context.status $context.stage $context.requestId',
  );
  const tail = buildMatcherSet([format]).matchers[0].tail;
  const text = 'curl 7 x 200 prod r1';
  expect(matchLenient(text, format, context(text, 1e6, tail))?.values.slice(1)).toEqual([
    'curl 7 x',
    '200',
    'prod',
    'r1',
  ]);
  const bad = 'curl 7 x 2oo prod r1';
  expect(matchLenient(bad, format, context(bad, 1e6, tail))).toBeNull();
});

test('the step budget bounds the search and is shared across calls', () => {
  const format = compileTemplate(
    '$context.identity.userAgent,$context.error.message,$context.path,$context.stage;',
  );
  const text = ','.repeat(3000);
  const budget = { steps: 5_000 };
  expect(matchLenient(text, format, { ...context(text), budget })).toBeNull();
  expect(budget.steps).toBeLessThanOrEqual(0);
  const ok = 'a,b,c,d;';
  expect(matchLenient(ok, format, { ...context(ok), budget })).toBeNull();
  expect(matchLenient(ok, format, context(ok))?.values.slice(1)).toEqual(['a', 'b', 'c', 'd']);
});
