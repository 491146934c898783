/**
 * The request ids already seen in one object, for dropping Firehose's duplicate deliveries. A JS
 * Set<string> costs about 100 ns per add on fresh id strings (V8 hashes every char, then the
 * table grows by rehashing), a third of the whole per-record budget, so ids are hashed here from
 * a few of their chars into an open-addressing table of typed arrays (no GC work). Ids are random
 * (UUIDs, base64) or counters, whose varying chars are at the end; if chosen ids still collide a
 * lot (hostile input), the table hands over to a Set, so it never degrades to O(n^2).
 *
 * Ids are spans of the text they were read from (the object text), so adding one makes no string.
 */

/** Chars hashed from each end; shorter ids are hashed whole. */
const HEAD = 4;
const TAIL = 8;
/** Up-front size limit (8 MB of table); beyond it the table grows as ids come. */
const MAX_PRESIZED_PAIRS = 1 << 20;
/** Average probes per add beyond which the sampled hash is judged useless for these ids. */
const MAX_PROBES_PER_ADD = 8;

/** A 32-bit hash of text[start, end) (a few chars from each end; see HEAD and TAIL). */
export function hashSpan(text: string, start: number, end: number): number {
  const length = end - start;
  let h = 0x811c9dc5 ^ length;
  const headEnd = length <= HEAD + TAIL ? end : start + HEAD;
  for (let i = start; i < headEnd; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  for (let i = Math.max(headEnd, end - TAIL); i < end; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  // Final avalanche (murmur3 fmix32): the table index uses the low bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function sameSpan(a: string, aStart: number, aEnd: number, b: string, bStart: number): boolean {
  for (let i = aStart, j = bStart; i < aEnd; i++, j++) {
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  }
  return true;
}

export class RequestIdTable {
  /**
   * The text most ids are spans of (one object's text: the first text given); an id in any other
   * text keeps that text in `others` (remembering a text per entry cost a third of each add).
   */
  private primary: string | null = null;
  private others = new Map<number, string>();
  /** Per entry: the id's span in its text. */
  private bounds: Int32Array;
  private count = 0;
  /** Pairs per slot: [entry index + 1 (0 = empty), hash], one cache line for both. */
  private slots: Int32Array;
  private probes = 0;
  private fallback: Set<string> | null = null;

  /** `expected`: a guess at how many ids will come (sizing up front saves rehashing). */
  constructor(expected = 0) {
    let pairs = 1024;
    while (pairs < expected * 2 && pairs < MAX_PRESIZED_PAIRS) pairs *= 2;
    this.slots = new Int32Array(pairs * 2);
    this.bounds = new Int32Array(pairs);
  }

  /** Adds the id; false if it was already there. */
  add(id: string): boolean {
    return this.addSpan(id, 0, id.length);
  }

  /** Adds the id text[start, end) without making a string of it; false if it was there. */
  addSpan(text: string, start: number, end: number): boolean {
    if (this.fallback !== null) {
      const before = this.fallback.size;
      return this.fallback.add(text.slice(start, end)).size !== before;
    }
    const count = this.count;
    // Load factor at most 1/2: short probe runs.
    if ((count + 1) * 4 > this.slots.length) this.grow();
    const { slots, bounds } = this;
    this.primary ??= text;
    const h = hashSpan(text, start, end);
    const mask = (slots.length >> 1) - 1;
    const length = end - start;
    let slot = h & mask;
    for (;;) {
      const entry = slots[slot * 2] - 1;
      if (entry < 0) break;
      if (slots[slot * 2 + 1] === h) {
        const from = bounds[entry * 2];
        if (
          bounds[entry * 2 + 1] - from === length &&
          sameSpan(text, start, end, this.textOf(entry), from)
        ) {
          return false;
        }
      }
      slot = (slot + 1) & mask;
      this.probes++;
    }
    if (this.probes > MAX_PROBES_PER_ADD * count + 1024) {
      this.fallback = new Set();
      for (let i = 0; i < count; i++) {
        this.fallback.add(this.textOf(i).slice(bounds[i * 2], bounds[i * 2 + 1]));
      }
      this.fallback.add(text.slice(start, end));
      return true;
    }
    if ((count + 1) * 2 > bounds.length) {
      this.bounds = new Int32Array(bounds.length * 2);
      this.bounds.set(bounds);
    }
    slots[slot * 2] = count + 1;
    slots[slot * 2 + 1] = h;
    this.bounds[count * 2] = start;
    this.bounds[count * 2 + 1] = end;
    if (text !== this.primary) this.others.set(count, text);
    this.count++;
    return true;
  }

  private textOf(entry: number): string {
    return (this.others.size > 0 ? this.others.get(entry) : undefined) ?? (this.primary as string);
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
