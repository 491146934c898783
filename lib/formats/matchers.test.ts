import { test, expect } from 'vitest';
import fc from 'fast-check';
import { buildMatcherSet, withoutCaptures } from './matchers';
import { FORMAT_PRESETS } from './presets';
import { compileTemplate } from './template-compiler';
import { renderTemplate, tokenizeTemplate } from './template-tokens';
import { requestArb } from './test-values';

test('only capture groups lose their capture: escapes, classes and lookarounds stay', () => {
  expect(withoutCaptures('(a)\\((?:b)[(](?=c)(?!d)(?<n>e)')).toBe(
    '(?:a)\\((?:b)[(](?=c)(?!d)(?<n>e)',
  );
  expect(withoutCaptures('[\\]()](x)')).toBe('[\\]()](?:x)');
});

test('the capture-free test regex accepts exactly what the strict regex accepts, ending alike', () => {
  const matchers = buildMatcherSet(FORMAT_PRESETS.map((p) => compileTemplate(p.template))).matchers;
  fc.assert(
    fc.property(
      fc.constantFrom(...FORMAT_PRESETS),
      fc.array(requestArb(), { minLength: 1, maxLength: 5 }),
      fc.string({ maxLength: 20 }),
      fc.nat(),
      (preset, requests, junk, cut) => {
        const tokens = tokenizeTemplate(preset.template);
        const text = requests.map((r) => renderTemplate(tokens, r.values)).join('');
        // Damage the text somewhere so that some positions do not match.
        const at = cut % (text.length + 1);
        const damaged = text.slice(0, at) + junk + text.slice(at);
        for (const matcher of matchers) {
          for (const start of [0, at, Math.max(0, at - 1)]) {
            matcher.strict.lastIndex = start;
            matcher.strictTest.lastIndex = start;
            expect(matcher.strictTest.test(damaged)).toBe(matcher.strict.test(damaged));
            expect(matcher.strictTest.lastIndex).toBe(matcher.strict.lastIndex);
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});
