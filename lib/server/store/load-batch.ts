import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ObjectRef } from '@/lib/server/sources';
import type { EncodedObject } from './encode-object';
import { FileAppender } from './file-appender';

/** One object's outcome, ready to be written: its encoded rows, or why it could not be read. */
export interface ObjectOutcome {
  ref: ObjectRef;
  encoded: EncodedObject | null;
  error: string | null;
  /** Offsets of rows in `encoded` that repeat a request id stored earlier (dropped at insert). */
  duplicateOffsets?: readonly number[];
}

/** Temporary files of this process start with this (Store.open removes leftovers of a crash). */
export const BATCH_FILE_PREFIX = 'batch-';
const PROCESS_STEM = `${BATCH_FILE_PREFIX}${randomUUID()}`;

/** Removes batch files that an earlier process left behind (it stopped while loading). */
export function removeLeftoverBatchFiles(tempDir: string): void {
  for (const name of fs.readdirSync(tempDir)) {
    if (name.startsWith(BATCH_FILE_PREFIX) && !name.startsWith(PROCESS_STEM)) {
      fs.rmSync(path.join(tempDir, name), { force: true });
    }
  }
}

/** Where a parse worker writes the rows of object `objectId` (parse-job.ts recordFile). */
export function objectRecordFile(tempDir: string, objectId: number): string {
  return path.join(tempDir, `${PROCESS_STEM}-object-${Math.trunc(objectId)}.records.tsv`);
}

/**
 * Objects' encoded rows, collected until there are enough for one load. Rows are in temporary
 * files (the parse workers write each object's own; rows handed over in memory go to the batch's
 * file as each object arrives), so a batch costs no memory however large it grows (and large
 * batches are what DuckDB ingests fastest). A batch is written in one transaction: records,
 * rejects and manifest rows of its objects appear together or not at all.
 */
export class LoadBatch {
  private readonly recordFile: FileAppender;
  private readonly rejectFile: FileAppender;
  /** Files the workers wrote, one per object with records. */
  private readonly objectFiles: string[] = [];
  private appended = false;
  recordLines = 0;
  recordBytes = 0;
  rejectLines = 0;
  /** Which record columns the rows can fill (filled-columns.ts). */
  filledColumns = 0;
  /** Distinct routes of the batch, for the route_labels dictionary. */
  readonly routes = new Set<string>();
  /** Rows to leave out, per object id: redeliveries of records stored before. */
  readonly excluded = new Map<number, readonly number[]>();
  readonly objects: {
    id: number;
    ref: ObjectRef;
    error: string | null;
    format: string | null;
    bytes: number | null;
    duplicates: number;
    /** Record rows kept for the object. */
    parsed: number;
    rejects: number;
    minTime: number | null;
    maxTime: number | null;
  }[] = [];

  /** `tempDir`: where the batch's files go (the store's temp folder). */
  constructor(tempDir: string) {
    const stem = path.join(tempDir, `${PROCESS_STEM}-${randomUUID()}`);
    this.recordFile = new FileAppender(`${stem}.records.tsv`);
    this.rejectFile = new FileAppender(`${stem}.rejects.tsv`);
  }

  add(id: number, { ref, encoded, error, duplicateOffsets = [] }: ObjectOutcome): void {
    if (encoded) {
      if (encoded.recordFile !== undefined) {
        this.objectFiles.push(encoded.recordFile);
      } else if (encoded.recordLines > 0) {
        this.recordFile.append(encoded.records);
        this.appended = true;
      }
      if (encoded.rejectLines > 0) this.rejectFile.append(encoded.rejects);
      this.recordLines += encoded.recordLines;
      this.recordBytes += encoded.recordBytes;
      this.filledColumns |= encoded.filledColumns;
      this.rejectLines += encoded.rejectLines;
      for (const route of encoded.routes) this.routes.add(route);
      if (duplicateOffsets.length > 0) this.excluded.set(id, duplicateOffsets);
    }
    this.objects.push({
      id,
      ref,
      error,
      format: encoded?.format ?? null,
      bytes: encoded?.bytes ?? null,
      duplicates: (encoded?.duplicates ?? 0) + duplicateOffsets.length,
      parsed: (encoded?.recordLines ?? 0) - duplicateOffsets.length,
      rejects: encoded?.rejectLines ?? 0,
      minTime: encoded?.minTime ?? null,
      maxTime: encoded?.maxTime ?? null,
    });
  }

  get size(): number {
    return this.objects.length;
  }

  private finished: Promise<unknown> | null = null;

  /** Finishes the files (once); returns their paths: the records' files, and the rejects'. */
  async files(): Promise<{ records: string[]; rejects: string }> {
    this.finished ??= Promise.all([this.recordFile.close(), this.rejectFile.close()]);
    await this.finished;
    const own = this.appended ? [this.recordFile.file] : [];
    return { records: [...own, ...this.objectFiles], rejects: this.rejectFile.file };
  }

  /** Every file the batch has, to remove once it is written (or failed). */
  get paths(): string[] {
    return [this.recordFile.file, this.rejectFile.file, ...this.objectFiles];
  }
}
