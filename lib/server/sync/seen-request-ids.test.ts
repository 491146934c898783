import 'server-only';
import { expect, test } from 'vitest';
import { SeenRequestIds } from './seen-request-ids';

const MINUTE = 60_000;

function accept(seen: SeenRequestIds, id: string): boolean {
  const before = seen.size;
  seen.add(id);
  return seen.size !== before;
}

test('a redelivery within the window is a duplicate, once forgotten it is not', () => {
  const seen = new SeenRequestIds();
  seen.beginObject(0);
  expect(accept(seen, 'a')).toBe(true);
  expect(accept(seen, 'a')).toBe(false);
  seen.beginObject(45 * MINUTE);
  expect(seen.has('a')).toBe(true);
  expect(accept(seen, 'a')).toBe(false);
  expect(accept(seen, 'b')).toBe(true);
  seen.beginObject(70 * MINUTE);
  expect(accept(seen, 'b')).toBe(false);
  seen.beginObject(200 * MINUTE);
  expect(seen.has('b')).toBe(false);
  expect(accept(seen, 'b')).toBe(true);
});

test('ids stored by earlier syncs count as seen for the whole run', () => {
  const seen = new SeenRequestIds(['old']);
  seen.beginObject(0);
  expect(accept(seen, 'old')).toBe(false);
  seen.beginObject(500 * MINUTE);
  expect(accept(seen, 'old')).toBe(false);
  expect(() => new SeenRequestIds().add('x')).toThrow(/beginObject/);
});

test('arrival times on whole hours (S3 key hours) keep the previous hour in the window', () => {
  const seen = new SeenRequestIds();
  seen.beginObject(10 * 60 * MINUTE);
  expect(accept(seen, 'a')).toBe(true);
  seen.beginObject(11 * 60 * MINUTE);
  expect(accept(seen, 'a')).toBe(false);
  seen.beginObject(13 * 60 * MINUTE);
  expect(accept(seen, 'a')).toBe(true);
});
