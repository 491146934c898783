import 'server-only';

/**
 * Ids are remembered for between one and two of these spans of arrival time. The sync passes the
 * S3 key hour as the arrival time, so a span must be exactly one hour: with shorter spans every new
 * hour looked like a jump over a quiet stretch and a redelivery in the next hour's object was kept.
 */
const GENERATION_MS = 60 * 60_000;

/**
 * The requestIds a sync has already accepted, to drop Firehose's redeliveries (at-least-once: the
 * same record again, in an object that arrives minutes later). Objects are loaded in arrival
 * order, so ids live in two generations of arrival time that rotate as loading moves on: lookups
 * stay in small, cache-friendly sets and forgetting costs nothing. Ids that earlier syncs stored
 * near the hours being loaded are added up front and kept for the whole run.
 *
 * It is a Set to the format engine (has/add/size while parsing an object); call
 * beginObject(arrivalTime) before parsing each object.
 */
export class SeenRequestIds extends Set<string> {
  private current = new Set<string>();
  private previous = new Set<string>();
  private generation = Number.NEGATIVE_INFINITY;
  private readonly stored: ReadonlySet<string>;
  private accepted = 0;

  constructor(stored: Iterable<string> = []) {
    super();
    this.stored = new Set(stored);
  }

  beginObject(arrival: number): void {
    const generation = Math.floor(arrival / GENERATION_MS);
    if (generation <= this.generation) return;
    if (generation === this.generation + 1) {
      this.previous = this.current;
    } else if (this.generation !== Number.NEGATIVE_INFINITY) {
      // A jump over a quiet stretch: nothing from before it can come back.
      this.previous = new Set();
    }
    this.current = new Set();
    this.generation = generation;
  }

  override has(id: string): boolean {
    return (
      this.current.has(id) || this.previous.has(id) || (this.stored.size > 0 && this.stored.has(id))
    );
  }

  override add(id: string): this {
    if (this.generation === Number.NEGATIVE_INFINITY)
      throw new Error('beginObject() must come before add()');
    if (this.previous.has(id) || (this.stored.size > 0 && this.stored.has(id))) return this;
    const before = this.current.size;
    this.current.add(id);
    if (this.current.size !== before) this.accepted++;
    return this;
  }

  // The engine detects a duplicate by add() not growing the set, so size counts acceptances.
  override get size(): number {
    return this.accepted;
  }
}
