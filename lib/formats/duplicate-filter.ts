/**
 * Finds the records of one object whose request id an earlier record has (Firehose delivers at
 * least once), in two steps so that the per-record work stays in the CPU's cache:
 *
 * 1. While scanning, each id's hash sets a bit in a bitmap of at most 128 KB. An id whose bit was
 *    already set is a suspect (a real duplicate, or a hash that shares the bit); its hash is noted.
 * 2. After the scan, only records whose hash equals a suspect's are compared exactly, in record
 *    order, so the first delivery is the one kept.
 *
 * A record whose id is not a suspect's hash cannot be a duplicate: its earlier copy would have set
 * its bit. An exact table for every id (request-id-table.ts) cost 150-180 ns per record here,
 * nearly all of it cache misses in a table of one entry per record; the bitmap costs about 20.
 */
import { TEXT_INDEX, type RecordColumns } from './record-columns';
import { RequestIdTable } from './request-id-table';

const MIN_BITS = 1 << 16;
const MAX_BITS = 1 << 20;
/** Bits per expected record: few false suspects. */
const BITS_PER_RECORD = 32;
const REQUEST_ID = TEXT_INDEX.requestId;

export class DuplicateFilter {
  private readonly bits: Int32Array;
  private readonly mask: number;
  private hashes = new Int32Array(1024);
  private readonly suspects: number[] = [];

  constructor(expectedRecords: number) {
    let bits = MIN_BITS;
    while (bits < expectedRecords * BITS_PER_RECORD && bits < MAX_BITS) bits *= 2;
    this.bits = new Int32Array(bits >> 5);
    this.mask = bits - 1;
  }

  /** Record `row` has an id with this hash (hashSpan). */
  note(row: number, hash: number): void {
    if (row >= this.hashes.length) {
      const bigger = new Int32Array(Math.max(row + 1, this.hashes.length * 2));
      bigger.set(this.hashes);
      this.hashes = bigger;
    }
    this.hashes[row] = hash;
    const bit = hash & this.mask;
    const word = bit >>> 5;
    const flag = 1 << (bit & 31);
    if ((this.bits[word] & flag) !== 0) this.suspects.push(hash);
    else this.bits[word] |= flag;
  }

  /** Rows (ascending) whose request id an earlier row has. */
  duplicateRows(columns: RecordColumns): number[] {
    if (this.suspects.length === 0) return [];
    const suspect = new Set(this.suspects);
    const exact = new RequestIdTable(this.suspects.length * 2);
    const duplicates: number[] = [];
    const { spans } = columns;
    for (let row = 0; row < columns.count; row++) {
      if (!suspect.has(this.hashes[row])) continue;
      const k = columns.spanAt(row, REQUEST_ID);
      if (k < 0 || spans[k] < 0) continue;
      if (!exact.addSpan(columns.valuesText(row), spans[k], spans[k + 1])) duplicates.push(row);
    }
    return duplicates;
  }
}
