/**
 * The audit inbox: a folder where processes that cannot open the audit database append events. DuckDB
 * lets one process hold a database file, so while the dashboard runs, the `users` command writes its
 * events here (one file each, written atomically) and the server moves them into the log.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isAuditAction, type AuditEventInput } from './audit-event';

export const AUDIT_INBOX_DIR = 'audit-inbox';

export interface InboxEvent extends AuditEventInput {
  at: string;
}

export function auditInboxPath(dataDir: string): string {
  return path.join(dataDir, AUDIT_INBOX_DIR);
}

export async function writeAuditInboxEvent(dataDir: string, event: AuditEventInput): Promise<void> {
  const dir = auditInboxPath(dataDir);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const at = new Date().toISOString();
  // Sortable names keep the original order when the server drains the folder.
  const name = `${at.replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
  const temp = path.join(dir, `.${name}.tmp`);
  await fs.writeFile(temp, JSON.stringify({ ...event, at } satisfies InboxEvent), { mode: 0o600 });
  await fs.rename(temp, path.join(dir, `${name}.json`));
}

/** Parses one inbox file; null for anything that is not a well-formed event (it is then skipped). */
export function parseInboxEvent(text: string): InboxEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isAuditAction(v.action) || typeof v.actor !== 'string' || typeof v.at !== 'string')
    return null;
  if (Number.isNaN(Date.parse(v.at))) return null;
  const detail: Record<string, string | number | boolean | null> = {};
  if (typeof v.detail === 'object' && v.detail !== null) {
    for (const [key, item] of Object.entries(v.detail)) {
      if (item === null || ['string', 'number', 'boolean'].includes(typeof item)) {
        detail[key] = item as string | number | boolean | null;
      }
    }
  }
  return {
    action: v.action,
    actor: v.actor,
    at: v.at,
    ...(typeof v.target === 'string' ? { target: v.target } : {}),
    ...(typeof v.ip === 'string' ? { ip: v.ip } : {}),
    detail,
  };
}
