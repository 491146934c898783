import 'server-only';
import { expect, test } from 'vitest';
import { IdBytesSet, SeenRequestIds } from './seen-request-ids';

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

/** Ids as the parse workers send them: UTF-8 bytes one after another, and where each ends. */
function packed(ids: readonly string[]): { bytes: Uint8Array; ends: number[] } {
  const parts = ids.map((id) => Buffer.from(id, 'utf8'));
  let end = 0;
  return { bytes: Buffer.concat(parts), ends: parts.map((p) => (end += p.length)) };
}

function acceptAll(seen: SeenRequestIds, ids: readonly string[]): boolean[] {
  const { bytes, ends } = packed(ids);
  return ends.map((end, i) => seen.acceptBytes(bytes, i === 0 ? 0 : ends[i - 1], end));
}

test('ids offered as bytes: many distinct ones are all kept, each redelivery is dropped', () => {
  const seen = new SeenRequestIds(['stored-1', 'ünïcödé']);
  seen.beginObject(0);
  // Ids that differ in one byte, share prefixes, or differ only in length.
  const ids = Array.from({ length: 50_000 }, (_, i) => `req-${i.toString(36)}-${i % 7}`);
  expect(acceptAll(seen, ids).every(Boolean)).toBe(true);
  seen.beginObject(30 * MINUTE);
  const again = [ids[0], 'new-a', ids[49_999], 'ünïcödé', 'stored-1', 'new-a', 'req-0-0 '];
  expect(acceptAll(seen, again)).toEqual([false, true, false, false, false, false, true]);
  // Strings and bytes are one set: an id added as a string is a duplicate as bytes too.
  seen.add('from-engine');
  expect(acceptAll(seen, ['from-engine'])).toEqual([false]);
  expect(seen.has('new-a')).toBe(true);
  expect(seen.size).toBe(50_000 + 2 + 1);
});

test('ids whose hashes collide are told apart by their bytes', () => {
  // Every id gets the same hash: only the byte comparison can tell them apart.
  const set = new IdBytesSet();
  const { bytes, ends } = packed(['a', 'b', 'ab', 'ba', 'a', 'abc', 'ab', '']);
  const added = ends.map((end, i) => set.add(bytes, i === 0 ? 0 : ends[i - 1], end, 7));
  expect(added).toEqual([true, true, true, true, false, true, false, true]);
  expect(set.size).toBe(6);
});
