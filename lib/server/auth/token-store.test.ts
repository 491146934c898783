import { mkdtemp, writeFile, mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeAuditInboxEvent, auditInboxPath } from '@/lib/auth/audit-inbox';
import { createApiToken, listApiTokens, revokeApiToken, verifyApiToken } from './api-tokens';
import { drainAuditInbox, listAuditEvents, recordAuditEvent } from './audit-log';
import { closeAuthDbs, withAuthDb } from './auth-db';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'auth-db-'));
});
afterAll(closeAuthDbs);

test('a token verifies until it is revoked; only its hash is stored', async () => {
  const created = await createApiToken({ name: ' nightly   export ', createdBy: 'root' }, dataDir);
  expect(created.info.name).toBe('nightly export');
  expect(await verifyApiToken(created.token, dataDir)).toEqual({
    id: created.info.id,
    name: 'nightly export',
  });
  // One character changed (never to itself: a token ending in 'A' made this test flaky).
  const tampered = created.token.slice(0, -1) + (created.token.endsWith('A') ? 'B' : 'A');
  expect(await verifyApiToken(tampered, dataDir)).toBeNull();

  const stored = await withAuthDb(dataDir, async (db) =>
    JSON.stringify((await db.runAndReadAll('SELECT * FROM api_tokens')).getRowObjectsJson()),
  );
  expect(stored).not.toContain(created.token);
  expect(stored).not.toContain(created.token.slice(8));

  const [listed] = await listApiTokens(dataDir);
  expect(listed).toMatchObject({
    id: created.info.id,
    hint: created.token.slice(0, 8),
    revokedAt: null,
  });
  expect(listed.lastUsedAt).toBeInstanceOf(Date);

  expect(await revokeApiToken({ id: created.info.id, revokedBy: 'root' }, dataDir)).toEqual({
    revoked: true,
    name: 'nightly export',
  });
  expect(await verifyApiToken(created.token, dataDir)).toBeNull();
  expect(await revokeApiToken({ id: created.info.id, revokedBy: 'root' }, dataDir)).toEqual({
    revoked: false,
    name: null,
  });
  const [after] = await listApiTokens(dataDir);
  expect(after.revokedBy).toBe('root');
  expect(after.revokedAt).toBeInstanceOf(Date);
});

test('the audit log lists newest first with paging, and drains the inbox exactly once', async () => {
  for (let i = 0; i < 5; i++) {
    await recordAuditEvent(
      { action: 'signin.failure', actor: `user${i}`, ip: '203.0.113.7', detail: { n: i } },
      dataDir,
    );
  }
  await writeAuditInboxEvent(dataDir, { action: 'user.add', actor: 'cli:ops', target: 'alice' });
  // A file the CLI crashed while writing, and garbage: skipped, never block the log.
  await writeFile(path.join(auditInboxPath(dataDir), '.half.tmp'), '{');
  await writeFile(path.join(auditInboxPath(dataDir), 'zz-bad.json'), 'nope');

  const first = await listAuditEvents({ dataDir, page: 1, pageSize: 2 });
  expect(first.total).toBe(6);
  expect(first.events.map((e) => e.actor)).toEqual(['cli:ops', 'user4']);
  const third = await listAuditEvents({ dataDir, page: 3, pageSize: 2 });
  expect(third.events.map((e) => e.actor)).toEqual(['user1', 'user0']);
  expect(third.events[1]).toMatchObject({
    action: 'signin.failure',
    ip: '203.0.113.7',
    target: '',
    detail: { n: 0 },
  });
  expect(await readdir(auditInboxPath(dataDir))).toEqual(['.half.tmp']);
  expect(await drainAuditInbox(dataDir)).toBe(0);
});

test('a re-delivered inbox file is imported once (crash between insert and delete)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'auth-db-'));
  const inbox = auditInboxPath(dir);
  await mkdir(inbox, { recursive: true });
  const event = JSON.stringify({
    action: 'user.remove',
    actor: 'cli:ops',
    target: 'bob',
    at: '2024-05-01T10:00:00.000Z',
  });
  await writeFile(path.join(inbox, 'a.json'), event);
  expect(await drainAuditInbox(dir)).toBe(1);
  await writeFile(path.join(inbox, 'a.json'), event);
  await drainAuditInbox(dir);
  const page = await listAuditEvents({ dataDir: dir });
  expect(page.total).toBe(1);
  expect(page.events[0].at.toISOString()).toBe('2024-05-01T10:00:00.000Z');
});

test('work on one database runs one statement at a time, in order', async () => {
  const order: number[] = [];
  await Promise.all(
    [30, 0, 10].map((delay, i) =>
      withAuthDb(dataDir, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        order.push(i);
      }),
    ),
  );
  expect(order).toEqual([0, 1, 2]);
});
