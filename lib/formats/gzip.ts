/**
 * Firehose objects are usually gzip (any file extension), sometimes several gzip members back to
 * back, sometimes plain text. Detect by magic bytes and never throw: a damaged object yields what
 * decompressed before the damage plus a note for the reject list.
 */
import { constants as bufferConstants } from 'node:buffer';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';

export interface DecompressedObject {
  bytes: Buffer;
  /** Set when part of a gzip object could not be decompressed. */
  damage: { reason: string; lostCompressedBytes: number } | null;
}

/** Decoded text must fit in one JS string; larger output is cut there and reported. */
const MAX_OUTPUT = bufferConstants.MAX_STRING_LENGTH;
/** zlib's own output chunk size, and the cap on the size hint below (hostile trailers lie). */
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 64 * 1024 * 1024;
/** Deflate never expands more than about 1032:1, so a larger size hint is a lie. */
const MAX_DEFLATE_RATIO = 1032;

export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : '';
}

function gunzipPrefix(data: Buffer, length: number): Buffer | null {
  try {
    return gunzipSync(data.subarray(0, length), {
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
      maxOutputLength: MAX_OUTPUT,
    });
  } catch {
    return null;
  }
}

/**
 * Output chunk size for gunzipSync: the gzip trailer holds the (last member's) size mod 2^32, so a
 * single-member object inflates into one buffer instead of hundreds of 16 KB chunks that are then
 * copied together (a fifth of the inflate time for well-compressed XML). Only a hint: a wrong
 * trailer just means more chunks.
 */
function chunkSizeFor(input: Buffer): number {
  if (input.length < 18) return MIN_CHUNK;
  const size = input.readUInt32LE(input.length - 4);
  // One byte of slack: zlib stops with room to spare, so no second (empty) chunk is allocated.
  const hint = Math.min(size + 1, input.length * MAX_DEFLATE_RATIO, MAX_CHUNK, MAX_OUTPUT);
  return Math.max(hint, MIN_CHUNK);
}

export function decompressObject(data: Uint8Array): DecompressedObject {
  const input = toBuffer(data);
  if (!isGzip(input)) return { bytes: input, damage: null };
  try {
    const options = { maxOutputLength: MAX_OUTPUT, chunkSize: chunkSizeFor(input) };
    const bytes = gunzipSync(input, options);
    // A trailer that overstated the size must not keep a mostly empty chunk alive.
    const slack = bytes.buffer.byteLength - bytes.length;
    return { bytes: slack > MIN_CHUNK * 64 ? Buffer.from(bytes) : bytes, damage: null };
  } catch (error) {
    return salvage(input, errorCode(error));
  }
}

function salvage(input: Buffer, code: string): DecompressedObject {
  if (code === 'ERR_BUFFER_TOO_LARGE') {
    return {
      bytes: Buffer.alloc(0),
      damage: { reason: 'decompressed object too large', lostCompressedBytes: input.length },
    };
  }
  const whole = gunzipPrefix(input, input.length);
  if (whole !== null) {
    // Only the end was missing: everything that arrived decompressed.
    return { bytes: whole, damage: { reason: 'truncated gzip', lostCompressedBytes: 0 } };
  }
  // Corrupt data or trailing garbage: the longest prefix that still inflates (errors are monotone
  // in the prefix length, so binary search finds it in log2(n) attempts).
  let good = 0;
  let bad = input.length;
  let best: Buffer = Buffer.alloc(0);
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    const out = gunzipPrefix(input, middle);
    if (out === null) {
      bad = middle;
    } else {
      good = middle;
      best = out;
    }
  }
  return {
    bytes: best,
    damage: { reason: 'corrupt gzip', lostCompressedBytes: input.length - good },
  };
}
