import { expect, test } from 'vitest';
import fc from 'fast-check';
import { diffTokens, isMostlyRewritten, splitDiffTokens } from './token-diff';

test('keeps $context variables whole', () => {
  expect(splitDiffTokens('"a":"$context.identity.sourceIp", $x')).toEqual([
    '"',
    'a',
    '"',
    ':',
    '"',
    '$context.identity.sourceIp',
    '"',
    ',',
    ' ',
    '$',
    'x',
  ]);
});

test('shows an added field and a removed one', () => {
  expect(
    diffTokens(
      '$context.status $context.requestId',
      '$context.status $context.responseLatency $context.requestId',
    ),
  ).toEqual([
    { op: 'same', text: '$context.status ' },
    { op: 'added', text: '$context.responseLatency ' },
    { op: 'same', text: '$context.requestId' },
  ]);
  expect(diffTokens('a b c', 'a c')).toEqual([
    { op: 'same', text: 'a ' },
    { op: 'removed', text: 'b ' },
    { op: 'same', text: 'c' },
  ]);
});

test('identical and empty inputs', () => {
  expect(diffTokens('x y', 'x y')).toEqual([{ op: 'same', text: 'x y' }]);
  expect(diffTokens('', 'new')).toEqual([{ op: 'added', text: 'new' }]);
  expect(diffTokens('old', '')).toEqual([{ op: 'removed', text: 'old' }]);
  expect(diffTokens('', '')).toEqual([]);
});

test('both sides can be rebuilt from the segments (property)', () => {
  const text = fc
    .stringMatching(/^[a-c $.{}":,]{0,40}$/)
    .map((s) => s.replaceAll('$', '$context.'));
  fc.assert(
    fc.property(text, text, (before, after) => {
      const segments = diffTokens(before, after);
      const side = (op: 'removed' | 'added') =>
        segments
          .filter((s) => s.op === 'same' || s.op === op)
          .map((s) => s.text)
          .join('');
      expect(side('removed')).toBe(before);
      expect(side('added')).toBe(after);
    }),
  );
});

test('very long inputs fall back to whole sides', () => {
  const before = 'a '.repeat(3000);
  const after = 'b '.repeat(3000);
  expect(diffTokens(before, after)).toEqual([
    { op: 'removed', text: before },
    { op: 'added', text: after },
  ]);
});

test('recognises a rewrite as opposed to an edit', () => {
  const clf =
    '$context.identity.sourceIp [$context.requestTime] "$context.httpMethod" $context.status $context.requestId';
  const json = '{"requestId":"$context.requestId","status":"$context.status"}\n';
  expect(isMostlyRewritten(diffTokens(clf, json), clf, json)).toBe(true);
  const edited = `${clf} $context.responseLatency`;
  expect(isMostlyRewritten(diffTokens(clf, edited), clf, edited)).toBe(false);
  expect(isMostlyRewritten([], '', '')).toBe(false);
});
