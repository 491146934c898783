import type { Rng } from './prng';

/**
 * When requests happen: a day/night curve in the traffic's local time, quieter weekends, a little
 * minute-to-minute noise, and occasional incidents during which one route fails and slows down.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Relative request rate at a moment: trough ~04:00 local (0.12), peak ~16:00 local (1.0). */
export function trafficWeight(epochMs: number, utcOffsetMinutes: number): number {
  const local = epochMs + utcOffsetMinutes * MINUTE;
  const hour = (((local % DAY) + DAY) % DAY) / (60 * MINUTE);
  const day = new Date(local).getUTCDay();
  const wave = Math.pow((1 - Math.cos((2 * Math.PI * (hour - 4)) / 24)) / 2, 1.6);
  const weekend = day === 0 || day === 6 ? 0.65 : 1;
  return (0.12 + 0.88 * wave) * weekend;
}

/**
 * Request times in [start, end), ascending, exactly `count` of them. The range is cut into
 * minutes; each minute gets its share of `count` by cumulative rounding (so the total is exact),
 * and its times are uniform inside it, sorted.
 */
export function* generateRequestTimes(
  rng: Rng,
  options: { start: number; end: number; count: number; utcOffsetMinutes: number },
): Generator<number> {
  const { start, end, count, utcOffsetMinutes } = options;
  if (count <= 0) return;
  if (!(end > start)) throw new Error('the time range is empty: end must be after start');
  const buckets = Math.ceil((end - start) / MINUTE);
  const weights = new Float64Array(buckets);
  let total = 0;
  for (let i = 0; i < buckets; i++) {
    const from = start + i * MINUTE;
    const length = Math.min(MINUTE, end - from);
    const noise = Math.exp(0.12 * rng.normal());
    weights[i] = trafficWeight(from + length / 2, utcOffsetMinutes) * noise * length;
    total += weights[i];
  }
  let scratch = new Float64Array(1024);
  let cumulative = 0;
  let emitted = 0;
  for (let i = 0; i < buckets; i++) {
    cumulative += weights[i];
    const target = i === buckets - 1 ? count : Math.round((count * cumulative) / total);
    const n = target - emitted;
    if (n <= 0) continue;
    const from = start + i * MINUTE;
    const length = Math.min(MINUTE, end - from);
    if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
    const offsets = scratch.subarray(0, n);
    for (let k = 0; k < n; k++) offsets[k] = rng.next() * length;
    offsets.sort();
    for (let k = 0; k < n; k++) yield from + Math.floor(offsets[k]);
    emitted = target;
  }
}

export interface Incident {
  start: number;
  end: number;
  /** Index into the route table of the route that fails. */
  route: number;
}

/** Roughly one incident per day, 10-45 minutes long, on a route chosen by `pickRoute`. */
export function planIncidents(
  rng: Rng,
  options: { start: number; end: number; pickRoute: () => number },
): Incident[] {
  const incidents: Incident[] = [];
  for (let day = options.start; day < options.end; day += DAY) {
    if (!rng.chance(0.8)) continue;
    const start = day + Math.floor(rng.next() * DAY);
    const duration = (10 + rng.int(36)) * MINUTE;
    if (start < options.end)
      incidents.push({ start, end: start + duration, route: options.pickRoute() });
  }
  return incidents;
}
