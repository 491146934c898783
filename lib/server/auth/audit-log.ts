import 'server-only';
/**
 * The append-only audit log: sign-ins, refusals, token and user changes, settings changes. There is
 * deliberately no function here (or anywhere) that updates or deletes an event.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { getConfig } from '@/lib/env';
import type { AuditEvent, AuditEventInput } from '@/lib/auth/audit-event';
import { auditInboxPath, parseInboxEvent } from '@/lib/auth/audit-inbox';
import { withAuthDb } from './auth-db';

export type { AuditAction, AuditEvent, AuditEventInput } from '@/lib/auth/audit-event';

const INSERT = `INSERT INTO audit_events (occurred_at, action, actor, target, ip, detail, source)
  VALUES ($1::TIMESTAMPTZ, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`;

function insertValues(event: AuditEventInput, at: Date, source: string | null) {
  return [
    at.toISOString(),
    event.action,
    event.actor.slice(0, 256),
    (event.target ?? '').slice(0, 512),
    (event.ip ?? '').slice(0, 64),
    JSON.stringify(event.detail ?? {}),
    source,
  ];
}

/**
 * Appends one event. Throws when the log cannot be written: callers that change something should
 * let that fail the change; sign-in paths use recordAuditEventSafely instead.
 */
export async function recordAuditEvent(
  event: AuditEventInput,
  dataDir = getConfig().dataDir,
): Promise<void> {
  await withAuthDb(dataDir, (db) => db.run(INSERT, insertValues(event, new Date(), null)));
}

/** For paths that must keep working when the log cannot be written (sign-in): reports to stderr. */
export async function recordAuditEventSafely(
  event: AuditEventInput,
  dataDir?: string,
): Promise<void> {
  try {
    await recordAuditEvent(event, dataDir);
  } catch (error) {
    console.error(
      `audit log: could not record ${event.action}:`,
      error instanceof Error ? error.message : error,
    );
  }
}

/** Moves events other processes left in the inbox into the log, oldest first; returns how many. */
export async function drainAuditInbox(dataDir = getConfig().dataDir): Promise<number> {
  const dir = auditInboxPath(dataDir);
  const names = (await fs.readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.endsWith('.json'))
    .sort();
  if (names.length === 0) return 0;
  let imported = 0;
  await withAuthDb(dataDir, async (db) => {
    for (const name of names) {
      const file = path.join(dir, name);
      const text = await fs.readFile(file, 'utf8').catch(() => null);
      const event = text === null ? null : parseInboxEvent(text);
      if (event) {
        await db.run(INSERT, insertValues(event, new Date(event.at), name));
        imported += 1;
      } else if (text !== null) {
        console.error(`audit log: skipping malformed inbox file ${name}`);
      }
      await fs.rm(file, { force: true });
    }
  });
  return imported;
}

export interface AuditPage {
  events: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
}

/** Newest first. `page` counts from 1. */
export async function listAuditEvents(
  options: { page?: number; pageSize?: number; dataDir?: string } = {},
): Promise<AuditPage> {
  const dataDir = options.dataDir ?? getConfig().dataDir;
  const pageSize = Math.min(Math.max(options.pageSize ?? 50, 1), 500);
  const page = Math.max(Math.floor(options.page ?? 1), 1);
  await drainAuditInbox(dataDir);
  return withAuthDb(dataDir, async (db) => {
    const totalReader = await db.runAndReadAll('SELECT count(*) AS n FROM audit_events');
    const total = Number(totalReader.getRowObjectsJS()[0]?.n ?? 0);
    const reader = await db.runAndReadAll(
      `SELECT id, occurred_at, action, actor, target, ip, detail FROM audit_events
       ORDER BY occurred_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    const events = reader.getRowObjectsJS().map((row): AuditEvent => ({
      id: Number(row.id),
      at: row.occurred_at as Date,
      action: row.action as AuditEvent['action'],
      actor: String(row.actor),
      target: String(row.target),
      ip: String(row.ip),
      detail: JSON.parse(String(row.detail)) as AuditEvent['detail'],
    }));
    return { events, total, page, pageSize };
  });
}
