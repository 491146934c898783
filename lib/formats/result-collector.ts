/**
 * Collects what the scanner finds in one object into RecordColumns: drops duplicate request ids
 * (Firehose delivers at least once), and merges reject spans that touch on the same line, so a long
 * stretch of garbage is one reject rather than thousands.
 */
import type { ScanSink } from './framing';
import type { Reject } from './parse-object';
import { RecordColumns, RowText, TEXT_INDEX } from './record-columns';
import { writeRow as importedWriteRow, writeValues, type FieldPlan } from './record-builder';
import { DuplicateFilter } from './duplicate-filter';
import { hashSpan as importedHashSpan } from './request-id-table';

// Bound once: a transpiled import is a getter call on every use (see record-builder.ts).
const writeRow = importedWriteRow;
const hashSpan = importedHashSpan;
const IN_OBJECT: RowText = RowText.Object;
const AUX_VALUES: RowText = RowText.AuxValues;

const MAX_REJECT_RAW = 4096;
const REQUEST_ID = TEXT_INDEX.requestId;

interface PendingReject {
  start: number;
  end: number;
  reason: string;
}

export class ResultCollector implements ScanSink {
  readonly columns: RecordColumns;
  readonly rejects: Reject[] = [];
  duplicates = 0;
  private pending: PendingReject | null = null;
  /** Duplicates within this object, when the caller keeps no set of ids across objects. */
  private readonly ownIds: DuplicateFilter | null;
  /** Scratch positions for values captured as strings (see writeValues). */
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);

  /**
   * `text` is `bytes` decoded one char per byte (offsets are byte offsets); `plans` are those of
   * the templates in play. `seen` is the caller's set of ids across objects; without one, ids
   * are only compared within this object.
   */
  constructor(
    private readonly bytes: Buffer,
    private readonly text: string,
    private readonly objectKey: string,
    private readonly seen: Set<string> | null,
    private readonly plans: readonly FieldPlan[],
  ) {
    this.columns = new RecordColumns(
      text,
      bytes,
      0,
      plans.flatMap((plan) => plan.textFields),
    );
    // Sized for records of about 128 bytes (few records are shorter).
    this.ownIds = seen === null ? new DuplicateFilter(Math.ceil(text.length / 128)) : null;
  }

  record(start: number, end: number, starts: Int32Array, ends: Int32Array, plan: FieldPlan): void {
    if (this.pending !== null) this.flush();
    const columns = this.columns;
    const row = columns.addRow(start, end, IN_OBJECT, this.formatOf(plan));
    writeRow(columns, row, this.text, 0, starts, ends, plan);
    this.keepIfNew(row, this.text, 0);
  }

  recordValues(
    start: number,
    end: number,
    values: ArrayLike<string | undefined>,
    plan: FieldPlan,
  ): void {
    if (this.pending !== null) this.flush();
    const count = plan.fills.length;
    if (this.starts.length < count) {
      this.starts = new Int32Array(count);
      this.ends = new Int32Array(count);
    }
    const columns = this.columns;
    const row = columns.addRow(start, end, AUX_VALUES, this.formatOf(plan));
    const { text, base } = writeValues(columns, row, values, plan, this.starts, this.ends);
    this.keepIfNew(row, text, base);
  }

  /** Which of the object's templates (matcher order) a plan belongs to. */
  private formatOf(plan: FieldPlan): number {
    return plan === this.plans[0] ? 0 : Math.max(0, this.plans.indexOf(plan));
  }

  /**
   * Notes the request id of the row just written (duplicates within the object are removed by
   * finish()); with the caller's set of ids, drops the row at once if its id was seen before.
   */
  private keepIfNew(row: number, text: string, base: number): void {
    const columns = this.columns;
    const k = columns.spanAt(row, REQUEST_ID);
    if (k < 0) return;
    const idStart = columns.spans[k];
    if (idStart < 0) return;
    const ownIds = this.ownIds;
    if (ownIds !== null) {
      ownIds.note(row, hashSpan(text, idStart - base, columns.spans[k + 1] - base));
      return;
    }
    // The caller's set may be a SeenRequestIds: add() that does not grow it means "seen before".
    const seen = this.seen as Set<string>;
    const before = seen.size;
    seen.add(columns.value(row, REQUEST_ID) as string);
    if (seen.size !== before) return;
    columns.dropLastRow();
    this.duplicates++;
  }

  /** Ends the object: pending rejects are added, duplicate deliveries removed. */
  finish(): void {
    this.flush();
    if (this.ownIds === null) return;
    const duplicates = this.ownIds.duplicateRows(this.columns);
    this.columns.removeRows(duplicates);
    this.duplicates += duplicates.length;
  }

  reject(start: number, end: number, reason: string): void {
    const pending = this.pending;
    if (pending !== null && pending.reason === reason && this.onlyBlanks(pending.end, start)) {
      pending.end = end;
      return;
    }
    if (pending !== null) this.flush();
    this.pending = { start, end, reason };
  }

  /** Adds a reject that has no span in the text (damage found while decompressing). */
  note(offset: number, reason: string): void {
    this.flush();
    this.rejects.push({ objectKey: this.objectKey, offset, length: 0, raw: '', reason });
  }

  flush(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const rawEnd = Math.min(pending.end, pending.start + MAX_REJECT_RAW);
    this.rejects.push({
      objectKey: this.objectKey,
      offset: pending.start,
      length: pending.end - pending.start,
      raw: this.bytes.toString('utf8', pending.start, rawEnd),
      reason: pending.reason,
    });
  }

  private onlyBlanks(from: number, to: number): boolean {
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }
}
