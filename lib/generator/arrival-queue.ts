/**
 * A binary min-heap on arrival time (ties broken by insertion order, so output is deterministic
 * and stable). Records enter in request-time order but reach Firehose after uneven delays; the
 * queue hands them back in arrival order. Parallel arrays avoid one wrapper object per record.
 */
function earlier(timeA: number, seqA: number, timeB: number, seqB: number): boolean {
  return timeA < timeB || (timeA === timeB && seqA < seqB);
}

export class ArrivalQueue<T> {
  private readonly times: number[] = [];
  private readonly order: number[] = [];
  private readonly items: T[] = [];
  private sequence = 0;

  get size(): number {
    return this.items.length;
  }

  /** Arrival time of the earliest item; Infinity when empty. */
  peekTime(): number {
    return this.items.length === 0 ? Infinity : this.times[0];
  }

  push(time: number, item: T): void {
    let i = this.items.length;
    const seq = this.sequence++;
    this.times.push(time);
    this.order.push(seq);
    this.items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(time, seq, this.times[parent], this.order[parent])) break;
      this.move(parent, i);
      i = parent;
    }
    this.place(i, time, seq, item);
  }

  /** Removes the earliest item; call peekTime first to learn its time. */
  pop(): T {
    const n = this.items.length;
    if (n === 0) throw new Error('ArrivalQueue is empty');
    const top = this.items[0];
    const time = this.times[n - 1];
    const seq = this.order[n - 1];
    const item = this.items[n - 1];
    this.times.pop();
    this.order.pop();
    this.items.pop();
    const size = n - 1;
    if (size > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= size) break;
        const right = left + 1;
        const child =
          right < size &&
          earlier(this.times[right], this.order[right], this.times[left], this.order[left])
            ? right
            : left;
        if (!earlier(this.times[child], this.order[child], time, seq)) break;
        this.move(child, i);
        i = child;
      }
      this.place(i, time, seq, item);
    }
    return top;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.order[to] = this.order[from];
    this.items[to] = this.items[from];
  }

  private place(i: number, time: number, seq: number, item: T): void {
    this.times[i] = time;
    this.order[i] = seq;
    this.items[i] = item;
  }
}
