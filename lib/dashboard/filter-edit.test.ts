import { test, expect } from 'vitest';
import { createFilter, type FilterCondition } from '@/lib/query/filter';
import {
  addCondition,
  conditionForDimension,
  describeCondition,
  invertCondition,
  parseConditionInput,
  removeCondition,
} from './filter-edit';

const status5xx: FilterCondition = { field: 'status', values: ['5xx'], exclude: false };

test('including a value on a field already included narrows to it', () => {
  const filter = createFilter({ conditions: [status5xx] });
  const next = addCondition(filter, { field: 'status', values: ['502'], exclude: false });
  expect(next.conditions).toEqual([{ field: 'status', values: ['502'], exclude: false }]);
});

test('excluding values of one field gathers them in one chip', () => {
  let filter = createFilter();
  filter = addCondition(filter, { field: 'method', values: ['GET'], exclude: true });
  filter = addCondition(filter, { field: 'method', values: ['HEAD'], exclude: true });
  expect(filter.conditions).toEqual([{ field: 'method', values: ['GET', 'HEAD'], exclude: true }]);
});

test('including a value takes it out of an exclusion of the same field', () => {
  let filter = createFilter({
    conditions: [{ field: 'ip', values: ['10.0.0.1', '10.0.0.2'], exclude: true }],
  });
  filter = addCondition(filter, { field: 'ip', values: ['10.0.0.1'], exclude: false });
  expect(filter.conditions).toEqual([
    { field: 'ip', values: ['10.0.0.2'], exclude: true },
    { field: 'ip', values: ['10.0.0.1'], exclude: false },
  ]);
});

test('free-text terms accumulate, duplicates do not', () => {
  let filter = createFilter();
  const a: FilterCondition = { field: 'text', value: 'a', exclude: false };
  filter = addCondition(filter, a);
  filter = addCondition(filter, a);
  filter = addCondition(filter, { field: 'text', value: 'b', exclude: false });
  expect(filter.conditions).toHaveLength(2);
});

test('path conditions replace only a condition with the same kind of match', () => {
  let filter = createFilter({
    conditions: [{ field: 'path', match: 'prefix', value: '/prod', exclude: false }],
  });
  filter = addCondition(filter, {
    field: 'path',
    match: 'exact',
    value: '/prod/x',
    exclude: false,
  });
  expect(filter.conditions).toHaveLength(2);
});

test('remove and invert address one chip', () => {
  const filter = createFilter({
    conditions: [status5xx, { field: 'method', values: ['GET'], exclude: false }],
  });
  expect(removeCondition(filter, 0).conditions).toEqual([filter.conditions[1]]);
  expect(invertCondition(filter, 1).conditions[1].exclude).toBe(true);
  expect(invertCondition(filter, 1).conditions[0].exclude).toBe(false);
});

test('the add-filter form uses the URL rules and messages', () => {
  expect(parseConditionInput('status', '5xx, 404', true)).toEqual({
    ok: true,
    condition: { field: 'status', values: ['5xx', '404'], exclude: true },
  });
  expect(parseConditionInput('latency', '500-', false)).toEqual({
    ok: true,
    condition: { field: 'latency', min: 500, max: null, exclude: false },
  });
  const bad = parseConditionInput('ip', '999.1.1.1', false);
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.error).toMatch(/IP address or CIDR/);
  expect(parseConditionInput('q', '   ', false).ok).toBe(false);
});

test('chips read as sentences', () => {
  expect(describeCondition({ ...status5xx, exclude: true })).toEqual({
    field: 'Status',
    operator: 'is not',
    value: '5xx',
  });
  expect(
    describeCondition({ field: 'path', match: 'prefix', value: '/prod/', exclude: false }),
  ).toEqual({ field: 'Path', operator: 'starts with', value: '/prod/' });
  expect(describeCondition({ field: 'latency', min: 100, max: 500, exclude: false }).value).toBe(
    '100–500 ms',
  );
  expect(
    describeCondition({ field: 'method', values: ['GET', 'PUT'], exclude: true }).operator,
  ).toBe('is none of');
});

test('top-N values become conditions of their dimension', () => {
  expect(conditionForDimension('route', '/pets/{petId}', false)).toEqual({
    field: 'route',
    match: 'exact',
    value: '/pets/{petId}',
    exclude: false,
  });
  expect(conditionForDimension('status', '503', true)).toEqual({
    field: 'status',
    values: ['503'],
    exclude: true,
  });
  expect(conditionForDimension('ip', 'not-an-ip', false)).toBeNull();
  expect(conditionForDimension('path', '', false)).toBeNull();
});
