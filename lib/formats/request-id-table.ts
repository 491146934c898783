/**
 * The request ids already seen in one object, for dropping Firehose's duplicate deliveries. A JS
 * Set<string> costs about 100 ns per add on fresh id strings (V8 hashes all 36 chars, then the
 * table grows by rehashing), a third of the whole per-record budget, so ids are hashed here from
 * at most 24 of their chars into an open-addressing table of typed arrays (no GC work). Ids are
 * random (UUIDs, base64) or counters, whose varying chars are at the end; if chosen ids still
 * collide a lot (hostile input), the table hands over to a Set, so it never degrades to O(n^2).
 */

/** Chars hashed from each end; ids up to HEAD + TAIL chars are hashed whole. */
const HEAD = 8;
const TAIL = 16;
/** Average probes per add beyond which the sampled hash is judged useless for these ids. */
const MAX_PROBES_PER_ADD = 8;

function hashId(id: string): number {
  const length = id.length;
  let h = 0x811c9dc5 ^ length;
  const head = length <= HEAD + TAIL ? length : HEAD;
  for (let i = 0; i < head; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  for (let i = Math.max(head, length - TAIL); i < length; i++) {
    h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  }
  // Final avalanche (murmur3 fmix32): the table index uses the low bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class RequestIdTable {
  private ids: string[] = [];
  private hashes = new Int32Array(0);
  /** ids index + 1 per slot; 0 = empty. */
  private slots = new Int32Array(1024);
  private probes = 0;
  private fallback: Set<string> | null = null;

  /** Adds the id; false if it was already there. */
  add(id: string): boolean {
    if (this.fallback !== null) {
      const before = this.fallback.size;
      return this.fallback.add(id).size !== before;
    }
    const count = this.ids.length;
    if ((count + 1) * 2 > this.slots.length) this.grow();
    const h = hashId(id);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      if (this.hashes[entry - 1] === h && this.ids[entry - 1] === id) return false;
      slot = (slot + 1) & mask;
      this.probes++;
    }
    if (this.probes > MAX_PROBES_PER_ADD * count + 1024) {
      this.fallback = new Set(this.ids);
      this.fallback.add(id);
      return true;
    }
    this.slots[slot] = count + 1;
    if (count === this.hashes.length) {
      const hashes = new Int32Array(Math.max(256, count * 2));
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[count] = h;
    this.ids.push(id);
    return true;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.ids.length; i++) {
      let slot = this.hashes[i] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = i + 1;
    }
    this.slots = slots;
  }
}
