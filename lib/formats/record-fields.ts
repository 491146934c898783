/** The canonical record's fields as RecordColumns stores them (see record-columns.ts). */

export const TEXT_FIELDS = [
  'requestId',
  'extendedRequestId',
  'ip',
  'method',
  'route',
  'path',
  'protocol',
  'userAgent',
  'caller',
  'user',
  'stage',
  'apiId',
  'domainName',
  'errorMessage',
  'errorType',
  'wafResponseCode',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export const NUMBER_FIELDS = [
  'time',
  'status',
  'bytes',
  'latencyMs',
  'integrationLatencyMs',
] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

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
