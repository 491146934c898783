/**
 * The request ids already seen in one object, for dropping Firehose's duplicate deliveries. A JS
 * Set<string> costs about 100 ns per add on fresh id strings (V8 hashes every char, then the
 * table grows by rehashing), a third of the whole per-record budget, so ids are hashed here from
 * a few of their chars into an open-addressing table of typed arrays (no GC work). Ids are random
 * (UUIDs, base64) or counters, whose varying chars are at the end; if chosen ids still collide a
 * lot (hostile input), the table hands over to a Set, so it never degrades to O(n^2).
 *
 * Measured over a whole parse (in-process A/B, csv-legacy/xml/http-clf): a Set is 1-5% slower;
 * a variant keeping no strings (refs into the records instead of `ids`) was the same speed.
 */

/** Chars hashed from each end; shorter ids are hashed whole. */
const HEAD = 4;
const TAIL = 8;
/** Up-front size limit (8 MB of table); beyond it the table grows as ids come. */
const MAX_PRESIZED_PAIRS = 1 << 20;
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
  /** Pairs per slot: [ids index + 1 (0 = empty), hash], one cache line for both. */
  private slots: Int32Array;
  private probes = 0;
  private fallback: Set<string> | null = null;

  /** `expected`: a guess at how many ids will come (sizing up front saves rehashing). */
  constructor(expected = 0) {
    let pairs = 1024;
    while (pairs < expected * 2 && pairs < MAX_PRESIZED_PAIRS) pairs *= 2;
    this.slots = new Int32Array(pairs * 2);
  }

  /** Adds the id; false if it was already there. */
  add(id: string): boolean {
    if (this.fallback !== null) {
      const before = this.fallback.size;
      return this.fallback.add(id).size !== before;
    }
    const count = this.ids.length;
    // Load factor at most 1/2: short probe runs.
    if ((count + 1) * 4 > this.slots.length) this.grow();
    const { slots } = this;
    const h = hashId(id);
    const mask = (slots.length >> 1) - 1;
    let slot = h & mask;
    for (;;) {
      const entry = slots[slot * 2];
      if (entry === 0) break;
      if (slots[slot * 2 + 1] === h && this.ids[entry - 1] === id) return false;
      slot = (slot + 1) & mask;
      this.probes++;
    }
    if (this.probes > MAX_PROBES_PER_ADD * count + 1024) {
      this.fallback = new Set(this.ids);
      this.fallback.add(id);
      return true;
    }
    slots[slot * 2] = count + 1;
    slots[slot * 2 + 1] = h;
    this.ids.push(id);
    return true;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k] === 0) continue;
      let slot = old[k + 1] & mask;
      while (slots[slot * 2] !== 0) slot = (slot + 1) & mask;
      slots[slot * 2] = old[k];
      slots[slot * 2 + 1] = old[k + 1];
    }
    this.slots = slots;
  }
}
