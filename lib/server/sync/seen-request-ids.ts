import 'server-only';

const HOUR_MS = 3_600_000;

/**
 * The requestIds a sync has already accepted, to drop Firehose's redeliveries (at-least-once: the
 * same record again, usually minutes later). Objects are loaded in arrival-hour order, so ids are
 * kept per arrival hour and forgotten two hours on; ids stored by earlier syncs near the hours being
 * loaded are added up front and kept for the whole run. This bounds memory by a few hours of
 * traffic instead of everything ever loaded.
 *
 * It is a Set to the format engine (has/add/size while parsing an object); call
 * beginObject(arrivalHour) before parsing each object.
 */
export class SeenRequestIds extends Set<string> {
  private readonly byHour = new Map<number, Set<string>>();
  private current: Set<string> | null = null;
  private readonly stored: ReadonlySet<string>;
  private accepted = 0;

  constructor(stored: Iterable<string> = []) {
    super();
    this.stored = new Set(stored);
  }

  beginObject(arrival: number): void {
    const hour = Math.floor(arrival / HOUR_MS) * HOUR_MS;
    let bucket = this.byHour.get(hour);
    if (!bucket) {
      bucket = new Set();
      this.byHour.set(hour, bucket);
      for (const known of this.byHour.keys())
        if (known < hour - 2 * HOUR_MS) this.byHour.delete(known);
    }
    this.current = bucket;
  }

  override has(id: string): boolean {
    if (this.stored.has(id)) return true;
    for (const bucket of this.byHour.values()) if (bucket.has(id)) return true;
    return false;
  }

  override add(id: string): this {
    if (this.current === null) throw new Error('beginObject() must come before add()');
    if (!this.has(id)) {
      this.current.add(id);
      this.accepted++;
    }
    return this;
  }

  // The engine detects a duplicate by add() not growing the set, so size must count acceptances.
  override get size(): number {
    return this.accepted;
  }
}
