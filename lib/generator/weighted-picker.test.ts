import { expect, test } from 'vitest';
import { Rng, deriveSeed } from './prng';
import { createWeightedPicker, zipfWeights } from './weighted-picker';

test('picks follow the weights', () => {
  const weights = [5, 0, 1, 4];
  const picker = createWeightedPicker(weights);
  const rng = new Rng(1);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 100_000; i++) counts[picker.pick(rng)]++;
  expect(counts[1]).toBe(0);
  weights.forEach((w, i) => expect(counts[i] / 100_000).toBeCloseTo(w / 10, 2));
});

test('refuses empty, all-zero or negative weights', () => {
  expect(() => createWeightedPicker([])).toThrow();
  expect(() => createWeightedPicker([0, 0])).toThrow();
  expect(() => createWeightedPicker([1, -1])).toThrow();
});

test('zipf weights fall with rank', () => {
  expect(zipfWeights(3, 1)).toEqual([1, 1 / 2, 1 / 3]);
});

test('the generator is deterministic per seed and uniform enough', () => {
  const a = new Rng(deriveSeed(7, 'x'));
  const b = new Rng(deriveSeed(7, 'x'));
  const c = new Rng(deriveSeed(7, 'y'));
  const seqA = Array.from({ length: 5 }, () => a.nextUint32());
  expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
  expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  let sum = 0;
  for (let i = 0; i < 100_000; i++) sum += a.next();
  expect(sum / 100_000).toBeCloseTo(0.5, 2);
  expect(deriveSeed(1)).not.toBe(deriveSeed(2));
  expect(deriveSeed(2 ** 40)).not.toBe(deriveSeed(0));
});
