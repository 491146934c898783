import type { CanonicalRecord } from './canonical-record';
import { RecordColumns } from './record-columns';
import { NUMBER_COUNT, NUMBER_FIELDS, RowText, TEXT_FIELDS } from './record-fields';

/**
 * Columns holding records given as objects (tests, and anything that made records without
 * parsing an object): every value and the raw text go to the auxiliary text.
 */
export function columnsFromRecords(
  rows: readonly { record: CanonicalRecord; offset: number; length: number; raw: string }[],
): RecordColumns {
  const columns = new RecordColumns('', Buffer.alloc(0), rows.length);
  for (const { record, offset, length, raw } of rows) {
    const row = columns.addRow(offset, offset + length, RowText.Aux);
    const rawStart = columns.appendAux(raw);
    columns.setRawSpan(row, rawStart, rawStart + raw.length);
    TEXT_FIELDS.forEach((field, i) => {
      const value = record[field];
      if (value === null) return;
      const start = columns.appendAux(value);
      const k = columns.spanAt(row, i);
      columns.spans[k] = start;
      columns.spans[k + 1] = start + value.length;
    });
    NUMBER_FIELDS.forEach((field, i) => {
      const value = record[field];
      if (value !== null) columns.numbers[row * NUMBER_COUNT + i] = value;
    });
    for (const [name, value] of Object.entries(record.extra ?? {})) {
      const start = columns.appendAux(value);
      columns.addExtra(row, name, start, start + value.length);
    }
  }
  return columns;
}
