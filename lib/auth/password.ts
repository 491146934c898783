/**
 * Local-account passwords: policy, generation, bcrypt hashing. No `server-only` guard: the `users`
 * command and the demo launcher run outside Next.js and use this too.
 */
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** 12 rounds: ~0.2 s per hash on this project's 2-core machines, slow enough to make offline guessing costly. */
export const BCRYPT_ROUNDS = 12;
export const MIN_PASSWORD_LENGTH = 12;

/** An error message, or null when the password is acceptable. */
export function checkPasswordPolicy(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  // bcrypt ignores everything past 72 bytes: refuse rather than silently accept a shorter secret.
  if (Buffer.byteLength(password, 'utf8') > 72) return 'Password must be at most 72 bytes.';
  if (password.trim() !== password) return 'Password must not start or end with spaces.';
  return null;
}

/** 18 random bytes in base64url: 24 characters, 144 bits. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check for a user who does not exist, so response timing does not
 * tell an attacker which usernames are valid.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(generatePassword());
  await bcrypt.compare(password, await dummyHash);
  return false;
}
