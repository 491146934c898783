import type { Rng } from './prng';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// The last character of 11 base64-encoded bytes carries 4 data bits and 2 zero bits.
const BASE64_LAST = 'AEIMQUYcgkosw048';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function hex32(n: number): string {
  return HEX[n >>> 24] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

/** A version-4 UUID from the seeded stream (REST requestId, Firehose object names). */
export function formatUuid(rng: Rng): string {
  const a = rng.nextUint32();
  const b = rng.nextUint32();
  const c = rng.nextUint32();
  const d = rng.nextUint32();
  return (
    hex32(a) +
    '-' +
    HEX[b >>> 24] +
    HEX[(b >>> 16) & 255] +
    '-' +
    HEX[((b >>> 8) & 0x0f) | 0x40] +
    HEX[b & 255] +
    '-' +
    HEX[((c >>> 24) & 0x3f) | 0x80] +
    HEX[(c >>> 16) & 255] +
    '-' +
    HEX[(c >>> 8) & 255] +
    HEX[c & 255] +
    hex32(d)
  );
}

/** `Sca3bFUQgi0EYeA=`: 11 random bytes in base64, the shape API Gateway uses. */
export function formatExtendedRequestId(rng: Rng): string {
  let out = '';
  for (let word = 0; word < 3; word++) {
    const r = rng.nextUint32();
    for (let k = 0; k < 5; k++) out += BASE64[(r >>> (k * 6)) & 63];
  }
  // 15 characters drawn; the 15th must come from the restricted alphabet.
  return out.slice(0, 14) + BASE64_LAST[rng.nextUint32() & 15] + '=';
}

export function formatRandomString(rng: Rng, length: number, alphabet = LOWER_ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(alphabet.length)];
  return out;
}

/** An IAM principal id such as `AIDAJQABLZS4A3QDU576Q`. */
export function formatPrincipalId(rng: Rng, prefix = 'AIDA'): string {
  return prefix + formatRandomString(rng, 17, UPPER_ALNUM);
}
