import { test, expect } from 'vitest';
import fc from 'fast-check';
import { RequestIdTable } from './request-id-table';

test('add reports new ids true and repeated ids false, like a Set', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.uuid(), fc.string(), fc.constantFrom('a', 'b', '-'))),
      (ids) => {
        const table = new RequestIdTable();
        const set = new Set<string>();
        for (const id of ids) {
          const before = set.size;
          set.add(id);
          expect(table.add(id)).toBe(set.size !== before);
        }
      },
    ),
  );
});

test('many ids, and ids that differ only where the hash does not look, stay exact and fast', () => {
  const table = new RequestIdTable();
  const started = Date.now();
  for (let i = 0; i < 50_000; i++) expect(table.add(`req-${i}`)).toBe(true);
  // Same 4 first and 8 last chars, different middle: every id hashes alike.
  const middle = (i: number) => `AAAA${String(i).padStart(12, '0')}BBBBBBBB`;
  for (let i = 0; i < 20_000; i++) expect(table.add(middle(i))).toBe(true);
  for (let i = 0; i < 20_000; i += 997) expect(table.add(middle(i))).toBe(false);
  for (let i = 0; i < 50_000; i += 991) expect(table.add(`req-${i}`)).toBe(false);
  expect(Date.now() - started).toBeLessThan(5_000);
});
