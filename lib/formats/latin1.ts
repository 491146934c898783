const HIGH_BYTE = /[\x80-\xff]/;

/** A value decoded as latin1 (one char per byte) whose bytes are UTF-8: decode it as such. */
export function latin1ToUtf8(value: string): string {
  return HIGH_BYTE.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}
