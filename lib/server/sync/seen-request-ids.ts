import 'server-only';

const HOUR_MS = 3_600_000;

/**
 * The requestIds a sync has already accepted, to drop Firehose's redeliveries (at-least-once: the
 * same record again, usually minutes later). Objects are loaded in arrival-hour order, so ids are
 * remembered per arrival hour and forgotten two hours on; ids that earlier syncs stored near the
 * hours being loaded are added up front and kept for the whole run. Memory is bounded by a few
 * hours of traffic instead of everything ever loaded.
 *
 * It is a Set to the format engine (has/add/size while parsing an object); call
 * beginObject(arrivalHour) before parsing each object.
 */
export class SeenRequestIds extends Set<string> {
  /** Every id in the window: one hash lookup per record. */
  private readonly window = new Set<string>();
  private readonly byHour = new Map<number, string[]>();
  private current: string[] | null = null;
  private readonly stored: ReadonlySet<string>;
  private accepted = 0;

  constructor(stored: Iterable<string> = []) {
    super();
    this.stored = new Set(stored);
  }

  beginObject(arrival: number): void {
    const hour = Math.floor(arrival / HOUR_MS) * HOUR_MS;
    let ids = this.byHour.get(hour);
    if (!ids) {
      ids = [];
      this.byHour.set(hour, ids);
      for (const [known, old] of this.byHour) {
        if (known >= hour - 2 * HOUR_MS) continue;
        for (const id of old) this.window.delete(id);
        this.byHour.delete(known);
      }
    }
    this.current = ids;
  }

  override has(id: string): boolean {
    return this.window.has(id) || (this.stored.size > 0 && this.stored.has(id));
  }

  override add(id: string): this {
    if (this.current === null) throw new Error('beginObject() must come before add()');
    const before = this.window.size;
    this.window.add(id);
    if (this.window.size !== before && !(this.stored.size > 0 && this.stored.has(id))) {
      this.current.push(id);
      this.accepted++;
    }
    return this;
  }

  // The engine detects a duplicate by add() not growing the set, so size counts acceptances.
  override get size(): number {
    return this.accepted;
  }
}
