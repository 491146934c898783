import { test, expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import { decompressObject, isGzip } from './gzip';

const text = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n');

test('gzip is recognised by its magic bytes, not by name; plain bytes pass through', () => {
  expect(isGzip(gzipSync('a'))).toBe(true);
  expect(isGzip(Buffer.from('{"a":1}'))).toBe(false);
  expect(decompressObject(Buffer.from('plain')).bytes.toString()).toBe('plain');
});

test('multi-member gzip decompresses to the concatenation of its members', () => {
  const members = Buffer.concat([gzipSync('first\n'), gzipSync(''), gzipSync('second\n')]);
  expect(decompressObject(members)).toEqual({
    bytes: Buffer.from('first\nsecond\n'),
    damage: null,
  });
});

test('a truncated gzip keeps the decompressed prefix and reports the truncation', () => {
  const gz = gzipSync(text);
  const { bytes, damage } = decompressObject(gz.subarray(0, gz.length - 200));
  expect(damage).toEqual({ reason: 'truncated gzip', lostCompressedBytes: 0 });
  expect(bytes.length).toBeGreaterThan(0);
  expect(text.startsWith(bytes.toString())).toBe(true);
});

test('corrupt gzip keeps what inflates before the damage is detected, and never throws', () => {
  const gz = Buffer.from(gzipSync(text));
  gz[Math.floor(gz.length / 2)] ^= 0xff;
  const { bytes, damage } = decompressObject(gz);
  expect(damage?.reason).toMatch(/gzip/);
  // Deflate notices some damage only later: the first part is intact either way.
  expect(text.startsWith(bytes.subarray(0, 1000).toString())).toBe(true);
  expect(bytes.length).toBeLessThanOrEqual(text.length + 1024);
  expect(decompressObject(Buffer.from([0x1f, 0x8b])).bytes.length).toBe(0);
});

test('the size in the last gzip trailer is only a hint: multi-member objects inflate whole', () => {
  const big = text.repeat(20);
  for (const parts of [
    [big, 'tail\n'],
    ['head\n', big],
    [big, big],
  ]) {
    const gz = Buffer.concat(parts.map((p) => gzipSync(p)));
    const { bytes, damage } = decompressObject(gz);
    expect(damage).toBeNull();
    expect(bytes.equals(Buffer.from(parts.join('')))).toBe(true);
  }
});

test('a trailer that lies about the size never makes a huge buffer', () => {
  const gz = Buffer.from(gzipSync(text));
  for (const size of [0, 1, text.length + 5, 0xffffffff]) {
    gz.writeUInt32LE(size, gz.length - 4);
    const { bytes } = decompressObject(gz);
    expect(bytes.toString()).toBe(text);
    expect(bytes.buffer.byteLength).toBeLessThan(text.length + 2 * 1024 * 1024);
  }
});
