import type { Rng } from './prng';

/**
 * Walker's alias method: O(1) weighted choice from one random number, which matters when every one
 * of ten million records picks a client, a route and an outcome.
 */
export interface WeightedPicker {
  readonly size: number;
  pick(rng: Rng): number;
}

export function createWeightedPicker(weights: readonly number[]): WeightedPicker {
  const n = weights.length;
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (n === 0 || !(total > 0) || weights.some((w) => !(w >= 0))) {
    throw new Error('createWeightedPicker needs at least one positive weight and no negative ones');
  }
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = weights.map((w) => (w * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop() as number;
    const l = large.pop() as number;
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) {
    prob[i] = 1;
    alias[i] = i;
  }
  return {
    size: n,
    pick(rng: Rng): number {
      const x = rng.next() * n;
      const i = x | 0;
      return x - i < prob[i] ? i : alias[i];
    },
  };
}

/** Zipf-like popularity: rank k gets weight 1 / (k + 1)^exponent. */
export function zipfWeights(count: number, exponent: number): number[] {
  return Array.from({ length: count }, (_, k) => 1 / Math.pow(k + 1, exponent));
}
