/**
 * Request ids of REST APIs are UUIDs. The store keeps an id that is a UUID exactly as DuckDB writes
 * one back (lowercase, 8-4-4-4-12) in a 16-byte UUID column instead of as text: a third less to
 * load and store than 36 random characters, which no string compression shrinks. Any other id
 * (HTTP API ids, an uppercase UUID, a custom value) stays text, so every id reads back byte for byte.
 */
const HYPHENS = new Set([8, 13, 18, 23]);

function isLowerHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** Whether the id is stored as a UUID: lowercase hex in the 8-4-4-4-12 layout, nothing else. */
export function isStoredAsUuid(id: string): boolean {
  if (id.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (HYPHENS.has(i) ? c !== 45 : !isLowerHex(c)) return false;
  }
  return true;
}

/** isStoredAsUuid for the UTF-8 bytes[start, end) (the loader reads ids from the object's bytes). */
export function bytesStoredAsUuid(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = bytes[start + i];
    if (i === 8 || i === 13 || i === 18 || i === 23 ? c !== 45 : !isLowerHex(c)) return false;
  }
  return true;
}
