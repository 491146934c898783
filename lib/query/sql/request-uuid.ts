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

/** Per byte value: 1 for a lowercase hex digit. */
const LOWER_HEX = Uint8Array.from({ length: 256 }, (_, c) => (isLowerHex(c) ? 1 : 0));

/** isStoredAsUuid for the UTF-8 bytes[start, end) (the loader reads ids from the object's bytes). */
export function bytesStoredAsUuid(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 36) return false;
  const s = start;
  if (bytes[s + 8] !== 45 || bytes[s + 13] !== 45 || bytes[s + 18] !== 45 || bytes[s + 23] !== 45)
    return false;
  // Every other byte a lowercase hex digit (the table is 0 at the hyphens' positions' value).
  let hex = 1;
  for (let i = 0; i < 8; i++) hex &= LOWER_HEX[bytes[s + i]];
  for (let i = 9; i < 13; i++) hex &= LOWER_HEX[bytes[s + i]];
  for (let i = 14; i < 18; i++) hex &= LOWER_HEX[bytes[s + i]];
  for (let i = 19; i < 23; i++) hex &= LOWER_HEX[bytes[s + i]];
  for (let i = 24; i < 36; i++) hex &= LOWER_HEX[bytes[s + i]];
  return hex === 1;
}
