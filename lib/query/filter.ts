/**
 * The filter model shared by pages, the JSON API and export. A filter is a time range plus a list of
 * conditions (one chip each in the UI). Conditions are ANDed; a condition with several values
 * matches when any value matches; `exclude` keeps exactly the records the condition would not keep,
 * including records where the field is missing (excluding 5xx keeps records without a status).
 */
import { z } from 'zod';
import { isIpOrCidr } from './ip';
import { DEFAULT_RANGE, timeRangeSchema } from './time-range';

export const HTTP_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'ANY',
] as const;

const STATUS_VALUE = /^([1-5])(\d\d|xx)$/;
const MAX_VALUES = 100;
const MAX_TEXT = 1000;

const text = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(MAX_TEXT, { error: 'is too long' });
const values = (item: z.ZodString) =>
  z
    .array(item)
    .min(1, { error: 'needs at least one value' })
    .max(MAX_VALUES, { error: 'has too many values' });
const listItem = text.refine((v) => !v.includes(','), { error: 'must not contain a comma' });
const exclude = z.boolean().default(false);

export const conditionSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('source'), values: values(listItem), exclude }),
  z.object({
    field: z.literal('ip'),
    values: values(text.refine(isIpOrCidr, { error: 'must be an IP address or CIDR block' })),
    exclude,
  }),
  z.object({
    field: z.literal('method'),
    values: values(
      text.regex(/^[A-Z]+$/, { error: 'must be an HTTP method in capitals, e.g. GET' }),
    ),
    exclude,
  }),
  z.object({ field: z.literal('route'), match: z.enum(['exact', 'prefix']), value: text, exclude }),
  z.object({
    field: z.literal('path'),
    match: z.enum(['exact', 'prefix', 'contains', 'glob']),
    value: text,
    exclude,
  }),
  z.object({
    field: z.literal('status'),
    values: values(
      text.regex(STATUS_VALUE, { error: 'must be a status code (404) or class (5xx)' }),
    ),
    exclude,
  }),
  z
    .object({
      field: z.literal('latency'),
      min: z.number().nonnegative().nullable(),
      max: z.number().nonnegative().nullable(),
      exclude,
    })
    .refine((c) => c.min !== null || c.max !== null, { error: 'needs a minimum or a maximum' })
    .refine((c) => c.min === null || c.max === null || c.min <= c.max, {
      error: 'minimum must not exceed maximum',
    }),
  z.object({ field: z.literal('userAgent'), value: text, exclude }),
  z.object({ field: z.literal('requestId'), values: values(listItem), exclude }),
  z.object({ field: z.literal('text'), value: text, exclude }),
]);

export type FilterCondition = z.infer<typeof conditionSchema>;
export type FilterField = FilterCondition['field'];

export const logFilterSchema = z.object({
  range: timeRangeSchema.default(DEFAULT_RANGE),
  conditions: z.array(conditionSchema).max(50).default([]),
});

export type LogFilter = z.infer<typeof logFilterSchema>;

/** Columns a page of rows can be sorted by (the API's names, not SQL names). */
export const SORT_COLUMNS = [
  'time',
  'ip',
  'method',
  'route',
  'path',
  'status',
  'bytes',
  'latencyMs',
  'integrationLatencyMs',
  'userAgent',
  'requestId',
  'source',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export const sortSchema = z.object({
  column: z.enum(SORT_COLUMNS).default('time'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});
export type RowSort = z.infer<typeof sortSchema>;

export const MAX_PAGE_SIZE = 1000;
export const pageSchema = z.object({
  index: z.number().int().nonnegative().max(1_000_000).default(0),
  size: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});
export type RowPage = z.infer<typeof pageSchema>;

export const DEFAULT_SORT: RowSort = { column: 'time', direction: 'desc' };
export const DEFAULT_PAGE: RowPage = { index: 0, size: 50 };

/** Dimensions the top-N panels group by. */
export const TOP_DIMENSIONS = [
  'route',
  'path',
  'ip',
  'status',
  'userAgent',
  'method',
  'source',
] as const;
export type TopDimension = (typeof TOP_DIMENSIONS)[number];

export function createFilter(partial: Partial<LogFilter> = {}): LogFilter {
  return logFilterSchema.parse(partial);
}

/** `5xx` -> [500, 599], `404` -> [404, 404]. Assumes a value that passed the schema. */
export function statusBounds(value: string): [number, number] {
  const match = STATUS_VALUE.exec(value);
  if (!match) throw new RangeError(`not a status value: ${value}`);
  if (match[2] === 'xx') {
    const base = Number(match[1]) * 100;
    return [base, base + 99];
  }
  const code = Number(value);
  return [code, code];
}
