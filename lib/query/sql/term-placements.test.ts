import { expect, test } from 'vitest';
import fc from 'fast-check';
import { placementsHold, termPlacements, type PlacementPart } from './term-placements';

/** The record's text: the template's parts with its values in place. */
function render(parts: readonly PlacementPart[], values: readonly string[]): string {
  return parts.map((p) => ('literal' in p ? p.literal : values[p.value])).join('');
}

// A small alphabet, so that terms, literals and values overlap often.
const text = (max: number) =>
  fc
    .array(fc.constantFrom('a', 'b', ' ', '"', ':', '1'), { maxLength: max })
    .map((c) => c.join(''));

const template = fc
  .array(
    fc.oneof(
      text(3).filter((t) => t !== ''),
      fc.constant(null),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((items) => {
    const parts: PlacementPart[] = [];
    let values = 0;
    for (const item of items) {
      const last = parts[parts.length - 1];
      if (item === null) parts.push({ value: values++ });
      else if (last && 'literal' in last) last.literal += item;
      else parts.push({ literal: item });
    }
    return { parts, values };
  });

test('a term is found by its placements exactly when the rendered record holds it', () => {
  fc.assert(
    fc.property(
      template.chain(({ parts, values }) =>
        fc.tuple(fc.constant(parts), fc.array(text(4), { minLength: values, maxLength: values })),
      ),
      text(5),
      ([parts, values], term) => {
        const placements = termPlacements(parts, term, undefined, 10_000);
        expect(placements).not.toBeNull();
        expect(placementsHold(placements, values)).toBe(render(parts, values).includes(term));
      },
    ),
    { numRuns: 20_000 },
  );
});

test('what a value cannot hold prunes the ways, and too many ways give up', () => {
  const parts: PlacementPart[] = [{ value: 0 }, { literal: ' ' }, { value: 1 }];
  // Value 1 is a number: only digits.
  const digits = (value: number, piece: string) => value !== 1 || /^[0-9]*$/.test(piece);
  const placements = termPlacements(parts, 'get 50', digits);
  expect(placements).toEqual({
    always: false,
    ways: [
      [{ test: 'contains', value: 0, text: 'get 50' }],
      [
        { test: 'endsWith', value: 0, text: 'get' },
        { test: 'startsWith', value: 1, text: '50' },
      ],
    ],
  });
  expect(placementsHold(placements, ['GET'.toLowerCase(), '503'])).toBe(true);
  expect(placementsHold(placements, ['get', '404'])).toBe(false);
  expect(termPlacements(parts, 'a b', undefined, 1)).toBeNull();
  expect(termPlacements([{ literal: 'x get y' }, { value: 0 }], 'get')).toEqual({ always: true });
});
