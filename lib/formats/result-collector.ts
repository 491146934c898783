/**
 * Collects what the scanner finds in one object: drops duplicate request ids (Firehose delivers
 * at least once), keeps record text, and merges reject spans that touch on the same line, so a
 * long stretch of garbage is one reject rather than thousands.
 */
import type { CanonicalRecord } from './canonical-record';
import type { ScanSink } from './framing';
import type { ParsedRecord, Reject } from './parse-object';
import { RequestIdTable } from './request-id-table';

const MAX_REJECT_RAW = 4096;

interface PendingReject {
  start: number;
  end: number;
  reason: string;
}

export class ResultCollector implements ScanSink {
  readonly records: ParsedRecord[] = [];
  readonly rejects: Reject[] = [];
  duplicates = 0;
  private pending: PendingReject | null = null;
  private readonly ownIds: RequestIdTable;

  /**
   * `latin1` is `bytes` decoded one char per byte (offsets are byte offsets); `utf8` says whether
   * the bytes hold non-ASCII, in which case text is re-decoded from the bytes. `seen` is the
   * caller's set of ids across objects; without one, ids are only compared within this object.
   */
  constructor(
    private readonly bytes: Buffer,
    private readonly latin1: string,
    private readonly utf8: boolean,
    private readonly objectKey: string,
    private readonly seen: Set<string> | null,
  ) {
    // Sized for records of about 128 bytes; shorter records just grow the table.
    this.ownIds = new RequestIdTable(seen === null ? latin1.length / 128 : 0);
  }

  /** Records the id; false if it was seen before (a duplicate delivery). */
  private isNew(id: string): boolean {
    const seen = this.seen;
    if (seen === null) return this.ownIds.add(id);
    // The caller's set may be a SeenRequestIds: add() that does not grow it means "seen before".
    const before = seen.size;
    seen.add(id);
    return seen.size !== before;
  }

  record(
    record: CanonicalRecord | null,
    start: number,
    end: number,
    raw: string | undefined,
  ): void {
    if (this.pending !== null) this.flush();
    if (record === null) return;
    const id = record.requestId;
    if (id !== null && !this.isNew(id)) {
      this.duplicates++;
      return;
    }
    const text = this.utf8
      ? this.bytes.toString('utf8', start, end)
      : raw !== undefined && raw.length === end - start
        ? raw
        : this.latin1.slice(start, end);
    this.records.push({ record, offset: start, length: end - start, raw: text });
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
      const c = this.latin1.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }
}
