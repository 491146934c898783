/**
 * Shapes the records the format engine parsed back from the preview sample into table rows:
 * one row per canonical field, one column per sample record. Pure, so the server action that runs
 * the engine and the tests share it.
 */
import {
  CANONICAL_FIELDS,
  type CanonicalField,
  type CanonicalRecord,
} from '@/lib/formats/canonical-record';

export interface ParsedFieldRow {
  field: CanonicalField;
  /** Display text per record; null where the record has no value. */
  values: (string | null)[];
  /** No record has a value: the dashboard will show nothing for this field. */
  missing: boolean;
}

export function formatFieldValue(
  field: CanonicalField,
  value: CanonicalRecord[CanonicalField],
): string | null {
  if (value === null || value === undefined) return null;
  if (field === 'time' && typeof value === 'number') return new Date(value).toISOString();
  return String(value);
}

export function buildParsedFieldRows(records: readonly CanonicalRecord[]): ParsedFieldRow[] {
  return CANONICAL_FIELDS.map((field) => {
    const values = records.map((r) => formatFieldValue(field, r[field]));
    return { field, values, missing: values.every((v) => v === null) };
  });
}

/** `$context` variables the engine kept outside the canonical fields, with the first record's value. */
export function listExtraValues(
  records: readonly CanonicalRecord[],
): { name: string; value: string }[] {
  const first = records[0]?.extra ?? {};
  return Object.entries(first)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
