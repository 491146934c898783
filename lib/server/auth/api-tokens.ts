import 'server-only';
/**
 * API tokens for scripts: read-only (viewer) by design, created by an admin, shown once, stored as a
 * SHA-256 hash, revocable. A revoked token fails on its very next request: every check reads the table.
 */
import { randomUUID } from 'node:crypto';
import { getConfig } from '@/lib/env';
import { generateApiToken, hashApiToken } from '@/lib/auth/api-token-format';
import { withAuthDb } from './auth-db';

export interface ApiTokenInfo {
  id: string;
  name: string;
  /** The first characters of the token, to recognise it ("agl_Xy3k"). */
  hint: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export interface CreatedApiToken {
  info: ApiTokenInfo;
  /** The secret itself: display it once, it cannot be recovered later. */
  token: string;
}

const MAX_NAME_LENGTH = 100;

export function normalizeTokenName(raw: string): string | null {
  const name = raw.trim().replace(/\s+/g, ' ');
  return name.length >= 1 && name.length <= MAX_NAME_LENGTH ? name : null;
}

export async function createApiToken(
  input: { name: string; createdBy: string },
  dataDir = getConfig().dataDir,
): Promise<CreatedApiToken> {
  const name = normalizeTokenName(input.name);
  if (name === null) throw new Error(`Token name must be 1-${MAX_NAME_LENGTH} characters.`);
  const { token, hash, hint } = generateApiToken();
  const id = randomUUID();
  const createdAt = new Date();
  await withAuthDb(dataDir, (db) =>
    db.run(
      `INSERT INTO api_tokens (id, name, hint, token_hash, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMPTZ)`,
      [id, name, hint, hash, input.createdBy, createdAt.toISOString()],
    ),
  );
  return {
    token,
    info: {
      id,
      name,
      hint,
      createdBy: input.createdBy,
      createdAt,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    },
  };
}

/** Newest first, revoked ones included (greyed out in the admin page). */
export async function listApiTokens(dataDir = getConfig().dataDir): Promise<ApiTokenInfo[]> {
  return withAuthDb(dataDir, async (db) => {
    const reader = await db.runAndReadAll(
      `SELECT id, name, hint, created_by, created_at, last_used_at, revoked_at, revoked_by
       FROM api_tokens ORDER BY created_at DESC`,
    );
    return reader.getRowObjectsJS().map((row) => ({
      id: String(row.id),
      name: String(row.name),
      hint: String(row.hint),
      createdBy: String(row.created_by),
      createdAt: row.created_at as Date,
      lastUsedAt: (row.last_used_at as Date | null) ?? null,
      revokedAt: (row.revoked_at as Date | null) ?? null,
      revokedBy: row.revoked_by === null ? null : String(row.revoked_by),
    }));
  });
}

/** Returns false when there is no such token or it was already revoked. */
export async function revokeApiToken(
  input: { id: string; revokedBy: string },
  dataDir = getConfig().dataDir,
): Promise<{ revoked: boolean; name: string | null }> {
  return withAuthDb(dataDir, async (db) => {
    const reader = await db.runAndReadAll(
      `UPDATE api_tokens SET revoked_at = now(), revoked_by = $2
       WHERE id = $1 AND revoked_at IS NULL RETURNING name`,
      [input.id, input.revokedBy],
    );
    const row = reader.getRowObjectsJS()[0];
    return { revoked: row !== undefined, name: row ? String(row.name) : null };
  });
}

export interface VerifiedApiToken {
  id: string;
  name: string;
}

// Writing last_used_at on every request would turn reads into writes; a minute's precision is enough.
const LAST_USED_PRECISION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/** The live token with this secret, or null (unknown, revoked, or malformed). */
export async function verifyApiToken(
  token: string,
  dataDir = getConfig().dataDir,
): Promise<VerifiedApiToken | null> {
  const hash = hashApiToken(token);
  return withAuthDb(dataDir, async (db) => {
    const reader = await db.runAndReadAll(
      `SELECT id, name FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const row = reader.getRowObjectsJS()[0];
    if (!row) return null;
    const id = String(row.id);
    const now = Date.now();
    if (now - (lastUsedWritten.get(id) ?? 0) >= LAST_USED_PRECISION_MS) {
      lastUsedWritten.set(id, now);
      await db.run(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [id]);
    }
    return { id, name: String(row.name) };
  });
}
