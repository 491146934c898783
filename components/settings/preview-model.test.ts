import { expect, test } from 'vitest';
import { emptyRecord } from '@/lib/formats/canonical-record';
import { buildParsedFieldRows, listExtraValues } from './preview-model';

test('one row per canonical field, one value per record, missing when no record has it', () => {
  const a = {
    ...emptyRecord(),
    time: Date.UTC(2024, 3, 5, 23, 43, 16),
    status: 200,
    latencyMs: 87,
  };
  const b = {
    ...emptyRecord(),
    time: null,
    status: 504,
    latencyMs: null,
    extra: { '$context.stage': 'prod' },
  };
  const rows = buildParsedFieldRows([a, b]);
  const row = (field: string) => rows.find((r) => r.field === field);
  expect(rows[0].field).toBe('time');
  expect(row('time')).toEqual({
    field: 'time',
    values: ['2024-04-05T23:43:16.000Z', null],
    missing: false,
  });
  expect(row('status')?.values).toEqual(['200', '504']);
  expect(row('latencyMs')).toMatchObject({ values: ['87', null], missing: false });
  expect(row('userAgent')).toMatchObject({ values: [null, null], missing: true });
  expect(rows.some((r) => (r.field as string) === 'extra')).toBe(false);
});

test('lists the extra variables of the first record, sorted', () => {
  const record = {
    ...emptyRecord(),
    extra: { '$context.stage': 'prod', '$context.accountId': '1' },
  };
  expect(listExtraValues([record])).toEqual([
    { name: '$context.accountId', value: '1' },
    { name: '$context.stage', value: 'prod' },
  ]);
  expect(listExtraValues([])).toEqual([]);
});
