/**
 * API token format: `agl_` + 32 random bytes in base64url (43 characters). The prefix makes leaked
 * tokens easy to recognise in logs and secret scanners; only the SHA-256 hash is ever stored.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'agl_';
const TOKEN_PATTERN = /^agl_[A-Za-z0-9_-]{43}$/;
/** Characters of the token kept in clear for display ("agl_Xy3k…"): 24 bits of 256, harmless. */
const HINT_LENGTH = API_TOKEN_PREFIX.length + 4;

export interface NewApiToken {
  /** Shown once to the admin who created it, never stored. */
  token: string;
  hash: string;
  hint: string;
}

export function generateApiToken(): NewApiToken {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token), hint: token.slice(0, HINT_LENGTH) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isWellFormedApiToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export type BearerParse =
  { kind: 'absent' } | { kind: 'malformed' } | { kind: 'token'; token: string };

/** Reads `Authorization: Bearer <token>`; any other Authorization value is malformed, not absent. */
export function parseBearerHeader(header: string | null | undefined): BearerParse {
  if (header === null || header === undefined || header.trim() === '') return { kind: 'absent' };
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match || !isWellFormedApiToken(match[1])) return { kind: 'malformed' };
  return { kind: 'token', token: match[1] };
}
