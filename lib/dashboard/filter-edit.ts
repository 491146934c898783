/**
 * Editing a filter the way the dashboard does: chips added from clicks and the add-filter form,
 * removed, inverted. Pure functions over LogFilter; the URL is written elsewhere.
 */
import {
  conditionSchema,
  type FilterCondition,
  type LogFilter,
  type TopDimension,
} from '@/lib/query/filter';
import { parseFilterParams } from '@/lib/query/search-params';
import type { TimeRange } from '@/lib/query/time-range';

type ListCondition = Extract<FilterCondition, { values: string[] }>;

function isList(condition: FilterCondition): condition is ListCondition {
  return 'values' in condition;
}

function sameTarget(a: FilterCondition, b: FilterCondition): boolean {
  if (a.field !== b.field) return false;
  if ('match' in a && 'match' in b) return a.match === b.match;
  return true;
}

function sameCondition(a: FilterCondition, b: FilterCondition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Adds a condition. Including a value narrows: it replaces an include on the same field (clicking
 * 502 inside a 5xx view shows 502) and takes the value out of an exclude of that field. Excluding
 * a value merges into an exclude on the same field, since excluding a or b is one chip.
 */
export function addCondition(filter: LogFilter, condition: FilterCondition): LogFilter {
  if (filter.conditions.some((c) => sameCondition(c, condition))) return filter;
  let conditions = [...filter.conditions];
  if (!condition.exclude) {
    if (isList(condition)) {
      conditions = conditions.flatMap((c): FilterCondition[] => {
        if (!(c.field === condition.field && c.exclude && isList(c))) return [c];
        const values = c.values.filter((v) => !condition.values.includes(v));
        return values.length === 0 ? [] : [{ ...c, values }];
      });
    }
    const index = conditions.findIndex(
      (c) => !c.exclude && sameTarget(c, condition) && c.field !== 'text',
    );
    if (index >= 0) {
      conditions[index] = condition;
      return { ...filter, conditions };
    }
    return { ...filter, conditions: [...conditions, condition] };
  }
  if (isList(condition)) {
    const index = conditions.findIndex((c) => c.exclude && c.field === condition.field);
    const existing = conditions[index];
    if (existing && isList(existing)) {
      const values = [...new Set([...existing.values, ...condition.values])];
      const merged = conditionSchema.safeParse({ ...existing, values });
      if (merged.success) {
        conditions[index] = merged.data;
        return { ...filter, conditions };
      }
    }
  }
  return { ...filter, conditions: [...conditions, condition] };
}

export function removeCondition(filter: LogFilter, index: number): LogFilter {
  return { ...filter, conditions: filter.conditions.filter((_, i) => i !== index) };
}

export function invertCondition(filter: LogFilter, index: number): LogFilter {
  return {
    ...filter,
    conditions: filter.conditions.map((c, i) => (i === index ? { ...c, exclude: !c.exclude } : c)),
  };
}

export function withRange(filter: LogFilter, range: TimeRange): LogFilter {
  return { ...filter, range };
}

/** The kinds of condition the add-filter form offers, keyed by their URL parameter name. */
export const FILTER_INPUTS = [
  { param: 'q', label: 'Text anywhere in the record', placeholder: 'timeout' },
  { param: 'status', label: 'Status', placeholder: '5xx, 404' },
  { param: 'method', label: 'Method', placeholder: 'GET, POST' },
  { param: 'route', label: 'Route is', placeholder: '/pets/{petId}' },
  { param: 'route.prefix', label: 'Route starts with', placeholder: '/pets' },
  { param: 'path', label: 'Path is', placeholder: '/prod/pets/42' },
  { param: 'path.prefix', label: 'Path starts with', placeholder: '/prod/pets' },
  { param: 'path.contains', label: 'Path contains', placeholder: 'photos' },
  { param: 'path.glob', label: 'Path matches', placeholder: '/prod/*/photos' },
  { param: 'ip', label: 'Client IP or CIDR', placeholder: '203.0.113.7, 10.0.0.0/8' },
  { param: 'latency', label: 'Latency (ms)', placeholder: '500-  or  100-250' },
  { param: 'ua', label: 'User agent contains', placeholder: 'curl' },
  { param: 'requestId', label: 'Request ID', placeholder: 'c0ffee00-...' },
  { param: 'source', label: 'Source', placeholder: 'demo-pets-prod' },
] as const;

export type FilterInputParam = (typeof FILTER_INPUTS)[number]['param'];

export type ParsedInput = { ok: true; condition: FilterCondition } | { ok: false; error: string };

/**
 * Turns the add-filter form's text into a condition with exactly the rules and messages of the URL
 * parser, so a value the form accepts is one the URL accepts.
 */
export function parseConditionInput(
  param: FilterInputParam,
  text: string,
  exclude: boolean,
): ParsedInput {
  if (text.trim() === '') return { ok: false, error: 'Type a value first.' };
  const params = new URLSearchParams([[exclude ? `${param}!` : param, text]]);
  const { filter, problems } = parseFilterParams(params);
  const condition = filter.conditions[0];
  if (problems.length > 0 || !condition)
    return { ok: false, error: problems[0] ?? 'That value is not valid.' };
  return { ok: true, condition };
}

const FIELD_LABELS: Record<FilterCondition['field'], string> = {
  source: 'Source',
  ip: 'Client IP',
  method: 'Method',
  route: 'Route',
  path: 'Path',
  status: 'Status',
  latency: 'Latency',
  userAgent: 'User agent',
  requestId: 'Request ID',
  text: 'Text',
};

export interface ConditionLabel {
  field: string;
  operator: string;
  value: string;
}

/** A chip's words: "Status" "is not" "5xx", "Path" "starts with" "/prod/". */
export function describeCondition(condition: FilterCondition): ConditionLabel {
  const not = condition.exclude;
  const field = FIELD_LABELS[condition.field];
  switch (condition.field) {
    case 'source':
    case 'ip':
    case 'method':
    case 'status':
    case 'requestId':
      return {
        field,
        operator:
          condition.values.length > 1 ? (not ? 'is none of' : 'is one of') : not ? 'is not' : 'is',
        value: condition.values.join(', '),
      };
    case 'route':
    case 'path': {
      const operators = {
        exact: ['is', 'is not'],
        prefix: ['starts with', 'does not start with'],
        contains: ['contains', 'does not contain'],
        glob: ['matches', 'does not match'],
      } as const;
      return { field, operator: operators[condition.match][not ? 1 : 0], value: condition.value };
    }
    case 'latency': {
      const { min, max } = condition;
      const value =
        min !== null && max !== null
          ? `${min}–${max} ms`
          : min !== null
            ? `≥ ${min} ms`
            : `≤ ${max} ms`;
      return { field, operator: not ? 'outside' : 'within', value };
    }
    case 'userAgent':
      return { field, operator: not ? 'does not contain' : 'contains', value: condition.value };
    case 'text':
      return { field, operator: not ? 'does not contain' : 'contains', value: condition.value };
  }
}

/** The condition a top-N entry (or a chart segment) stands for; null when it cannot be one. */
export function conditionForDimension(
  dimension: TopDimension,
  value: string,
  exclude: boolean,
): FilterCondition | null {
  if (value === '') return null;
  const candidate =
    dimension === 'route' || dimension === 'path'
      ? { field: dimension, match: 'exact', value, exclude }
      : dimension === 'userAgent'
        ? { field: 'userAgent', value, exclude }
        : { field: dimension, values: [value], exclude };
  const parsed = conditionSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}
