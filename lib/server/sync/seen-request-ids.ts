import 'server-only';

/**
 * Ids are remembered for between one and two of these spans of arrival time. The sync passes the
 * S3 key hour as the arrival time, so a span must be exactly one hour: with shorter spans every new
 * hour looked like a jump over a quiet stretch and a redelivery in the next hour's object was kept.
 */
const GENERATION_MS = 60 * 60_000;

/** A 32-bit hash of bytes[start, end) (FNV-1a, then murmur3's fmix32 for the low bits). */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A set of ids held as spans of UTF-8 byte buffers (one buffer per object, as the parse workers
 * send them), in an open-addressing table of typed arrays. A Set<string> of the same ids cost the
 * sync's main thread about 0.7 s per million records (a string sliced and hashed per id); this
 * makes no string and compares bytes only when two hashes are equal.
 */
export class IdBytesSet {
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(512);
  private buffer = new Int32Array(512);
  private starts = new Int32Array(512);
  private ends = new Int32Array(512);
  private readonly buffers: Uint8Array[] = [];
  size = 0;

  has(bytes: Uint8Array, start: number, end: number, hash: number): boolean {
    return this.find(bytes, start, end, hash) < 0;
  }

  /** Adds the id; false if it was there already. `bytes` must not change while the set lives. */
  add(bytes: Uint8Array, start: number, end: number, hash: number): boolean {
    const slot = this.find(bytes, start, end, hash);
    if (slot < 0) return false;
    if (this.buffers[this.buffers.length - 1] !== bytes) this.buffers.push(bytes);
    const entry = this.size++;
    if (entry === this.hashes.length) this.growEntries();
    this.hashes[entry] = hash;
    this.buffer[entry] = this.buffers.length - 1;
    this.starts[entry] = start;
    this.ends[entry] = end;
    this.slots[slot] = entry + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return true;
  }

  /** The free slot where the id would go, or -1 if it is in the set. */
  private find(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) return slot;
      if (this.hashes[entry] === hash && this.same(entry, bytes, start, end)) return -1;
    }
  }

  private same(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[entry];
    if (this.ends[entry] - from !== end - start) return false;
    const other = this.buffers[this.buffer[entry]];
    for (let i = start, j = from; i < end; i++, j++) if (bytes[i] !== other[j]) return false;
    return true;
  }

  private growEntries(): void {
    const grow = (array: Int32Array) => {
      const bigger = new Int32Array(array.length * 2);
      bigger.set(array);
      return bigger;
    };
    this.hashes = grow(this.hashes);
    this.buffer = grow(this.buffer);
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

/**
 * The requestIds a sync has already accepted, to drop Firehose's redeliveries (at-least-once: the
 * same record again, in an object that arrives minutes later). Objects are loaded in arrival
 * order, so ids live in two generations of arrival time that rotate as loading moves on: lookups
 * stay in small, cache-friendly tables and forgetting costs nothing. Ids that earlier syncs stored
 * near the hours being loaded are added up front and kept for the whole run.
 *
 * The sync offers each object's ids as UTF-8 bytes (acceptBytes). It is also a Set to the format
 * engine (has/add/size while parsing an object); call beginObject(arrivalTime) before each object.
 */
export class SeenRequestIds extends Set<string> {
  private current = new IdBytesSet();
  private previous = new IdBytesSet();
  private generation = Number.NEGATIVE_INFINITY;
  private readonly stored = new IdBytesSet();
  private accepted = 0;

  constructor(stored: Iterable<string> = []) {
    super();
    for (const id of stored) {
      const bytes = Buffer.from(id, 'utf8');
      this.stored.add(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length));
    }
  }

  beginObject(arrival: number): void {
    const generation = Math.floor(arrival / GENERATION_MS);
    if (generation <= this.generation) return;
    if (generation === this.generation + 1) {
      this.previous = this.current;
    } else if (this.generation !== Number.NEGATIVE_INFINITY) {
      // A jump over a quiet stretch: nothing from before it can come back.
      this.previous = new IdBytesSet();
    }
    this.current = new IdBytesSet();
    this.generation = generation;
  }

  /**
   * Accepts the id in bytes[start, end) unless it was seen; false for a redelivery. The set keeps
   * a reference to `bytes`: they must not change afterwards.
   */
  acceptBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.generation === Number.NEGATIVE_INFINITY)
      throw new Error('beginObject() must come before add()');
    const hash = hashBytes(bytes, start, end);
    if (this.previous.has(bytes, start, end, hash)) return false;
    if (this.stored.size > 0 && this.stored.has(bytes, start, end, hash)) return false;
    if (!this.current.add(bytes, start, end, hash)) return false;
    this.accepted++;
    return true;
  }

  override has(id: string): boolean {
    const bytes = Buffer.from(id, 'utf8');
    const hash = hashBytes(bytes, 0, bytes.length);
    return [this.current, this.previous, this.stored].some((set) =>
      set.has(bytes, 0, bytes.length, hash),
    );
  }

  override add(id: string): this {
    const bytes = Buffer.from(id, 'utf8');
    this.acceptBytes(bytes, 0, bytes.length);
    return this;
  }

  // The engine detects a duplicate by add() not growing the set, so size counts acceptances.
  override get size(): number {
    return this.accepted;
  }
}
