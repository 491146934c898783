/** The canonical record's fields as RecordColumns stores them (see record-columns.ts). */
import { CANONICAL_FIELDS, type CanonicalField } from './canonical-record';

/** The numeric fields (Float64Array columns, NaN for missing); every other field is text. */
export const NUMBER_FIELDS = [
  'time',
  'status',
  'bytes',
  'latencyMs',
  'integrationLatencyMs',
] as const satisfies readonly CanonicalField[];
export type NumberField = (typeof NUMBER_FIELDS)[number];
export type TextField = Exclude<CanonicalField, NumberField>;

const NUMBER_SET: ReadonlySet<string> = new Set(NUMBER_FIELDS);
/** The text fields (spans of the object), in CanonicalRecord order. */
export const TEXT_FIELDS: readonly TextField[] = CANONICAL_FIELDS.filter(
  (field): field is TextField => !NUMBER_SET.has(field),
);

export const TEXT_COUNT = TEXT_FIELDS.length;
export const NUMBER_COUNT = NUMBER_FIELDS.length;
/** Column numbers of the fields other modules address directly. */
export const TEXT_INDEX = Object.fromEntries(TEXT_FIELDS.map((f, i) => [f, i])) as Record<
  TextField,
  number
>;
export const NUMBER_INDEX = Object.fromEntries(NUMBER_FIELDS.map((f, i) => [f, i])) as Record<
  NumberField,
  number
>;

/** Where a row's values and raw text lie. */
export const enum RowText {
  /** Values and raw text in the object text. */
  Object = 0,
  /** Values in the auxiliary text, raw text in the object text. */
  AuxValues = 1,
  /** Values and raw text (the `raw` span) in the auxiliary text. */
  Aux = 2,
}
