/**
 * The local accounts file (`<data dir>/users.json`): bcrypt hashes, never passwords. Written
 * atomically (temp file + rename, so a crash never leaves half a file) with mode 0600, and updated
 * under a lock file so the `users` command and the web admin page cannot lose each other's changes.
 * No `server-only` guard: the command-line tools use it outside Next.js.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ROLES } from './roles';

export const USERS_FILE_NAME = 'users.json';

const accountSchema = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  passwordHash: z.string().startsWith('$2'),
  createdAt: z.iso.datetime(),
  /** Sessions issued before this instant are rejected: a reset signs the user out everywhere. */
  passwordChangedAt: z.iso.datetime(),
});
const fileSchema = z.object({ version: z.literal(1), users: z.array(accountSchema) });

export type LocalAccount = z.infer<typeof accountSchema>;

export function usersFilePath(dataDir: string): string {
  return path.join(dataDir, USERS_FILE_NAME);
}

export async function readAccounts(file: string): Promise<LocalAccount[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return [];
    throw error;
  }
  const parsed = fileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${file} is not a valid accounts file: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data.users;
}

async function writeAccounts(file: string, users: LocalAccount[]): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const body = `${JSON.stringify({ version: 1, users }, null, 2)}\n`;
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(body, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  // rename keeps the temp file's 0600, but a file created by hand earlier may be wider.
  await fs.chmod(file, 0o600);
}

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 5_000;

async function withLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await fs.open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if (!isErrnoCode(error, 'EEXIST')) throw error;
      const stat = await fs.stat(lock).catch(() => undefined);
      // A holder that crashed leaves the file behind; a live holder finishes well within seconds.
      if (stat && Date.now() - stat.mtimeMs > LOCK_STALE_MS) {
        await fs.rm(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held by another process`);
      await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
    }
  }
  try {
    return await work();
  } finally {
    await fs.rm(lock, { force: true });
  }
}

/** Read-modify-write under the lock; `change` returns the new list (or throws to abort). */
export async function updateAccounts(
  file: string,
  change: (users: LocalAccount[]) => LocalAccount[] | Promise<LocalAccount[]>,
): Promise<LocalAccount[]> {
  return withLock(file, async () => {
    const next = await change(await readAccounts(file));
    await writeAccounts(file, next);
    return next;
  });
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
