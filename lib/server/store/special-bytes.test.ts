import { expect, test } from 'vitest';
import fc from 'fast-check';
import { SpecialBytes } from './special-bytes';

const slow = (bytes: Buffer, start: number, end: number) =>
  ![...bytes.subarray(start, end)].some((b) => b === 9 || b === 10 || b === 13 || b === 1);

test('a span is clean exactly when it holds no tab, line break or \\x01, in any order asked', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(9, 10, 13, 1, 32, 65, 0x80), { maxLength: 300 }),
      fc.array(fc.tuple(fc.nat(300), fc.nat(40)), { maxLength: 40 }),
      fc.boolean(),
      (content, spans, sorted) => {
        const bytes = Buffer.from(content);
        const asked = spans.map(([s, n]) => [
          Math.min(s, bytes.length),
          Math.min(s + n, bytes.length),
        ]);
        if (sorted) asked.sort((a, b) => a[0] - b[0]);
        const special = new SpecialBytes(bytes);
        for (const [start, end] of asked) {
          expect(special.clean(start, end)).toBe(slow(bytes, start, end));
        }
      },
    ),
  );
});
