import { test, expect } from 'vitest';
import fc from 'fast-check';
import { parseObject } from './parse-object';

const TEMPLATE = '$context.requestId $context.status $context.xrayTraceId\n';

test('a redelivered record is dropped, the first delivery kept in order with all its values', () => {
  fc.assert(
    fc.property(
      // Few distinct ids among many records: duplicates, near and far apart, and enough records
      // that unrelated ids share bitmap bits.
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.nat(999)), {
        minLength: 1,
        maxLength: 4000,
        size: 'max',
      }),
      (rows) => {
        const text = rows.map(([id, n], i) => `id-${id} ${n} trace-${i}\n`).join('');
        const result = parseObject(Buffer.from(text), {
          objectKey: 'k',
          formats: [{ template: TEMPLATE, effectiveFrom: null }],
        });
        const seen = new Set<number>();
        const expected = rows.flatMap(([id, n], i) => {
          if (seen.has(id)) return [];
          seen.add(id);
          return [{ requestId: `id-${id}`, status: n, trace: `trace-${i}` }];
        });
        expect(
          result.records.map(({ record }) => ({
            requestId: record.requestId,
            status: record.status,
            trace: record.extra?.['$context.xrayTraceId'],
          })),
        ).toEqual(expected);
        expect(result.duplicates).toBe(rows.length - expected.length);
        // Offsets still point at each kept record's own text.
        for (const r of result.records) {
          expect(text.slice(r.offset, r.offset + r.length)).toBe(r.raw);
        }
      },
    ),
    { numRuns: 40 },
  );
});
