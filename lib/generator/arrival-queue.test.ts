import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ArrivalQueue } from './arrival-queue';

test('pops in arrival order, ties in insertion order, whatever the push order', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
      const queue = new ArrivalQueue<number>();
      times.forEach((t, i) => queue.push(t, i));
      const popped: number[] = [];
      while (queue.size > 0) popped.push(queue.pop());
      const expected = times.map((t, i) => [t, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(popped).toEqual(expected.map(([, i]) => i));
    }),
  );
});

test('peekTime reports the earliest arrival, Infinity when empty', () => {
  const queue = new ArrivalQueue<string>();
  expect(queue.peekTime()).toBe(Infinity);
  queue.push(20, 'b');
  queue.push(10, 'a');
  expect(queue.peekTime()).toBe(10);
  expect(queue.pop()).toBe('a');
  expect(queue.pop()).toBe('b');
  expect(() => queue.pop()).toThrow(/empty/);
});
