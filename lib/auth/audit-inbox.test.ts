import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { auditInboxPath, parseInboxEvent, writeAuditInboxEvent } from './audit-inbox';

test('events are written one file each, in order, and parse back', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'inbox-'));
  await writeAuditInboxEvent(dir, {
    action: 'user.add',
    actor: 'cli:ops',
    target: 'alice',
    detail: { role: 'viewer' },
  });
  await new Promise((resolve) => setTimeout(resolve, 2));
  await writeAuditInboxEvent(dir, { action: 'user.remove', actor: 'cli:ops', target: 'alice' });
  const names = (await readdir(auditInboxPath(dir))).sort();
  expect(names).toHaveLength(2);
  expect(names.every((n) => n.endsWith('.json'))).toBe(true);
  const events = await Promise.all(
    names.map(async (n) =>
      parseInboxEvent(await readFile(path.join(auditInboxPath(dir), n), 'utf8')),
    ),
  );
  expect(events.map((e) => e?.action)).toEqual(['user.add', 'user.remove']);
  expect(events[0]).toMatchObject({
    actor: 'cli:ops',
    target: 'alice',
    detail: { role: 'viewer' },
  });
});

test('malformed or unknown events parse to null; non-scalar detail values are dropped', () => {
  expect(parseInboxEvent('not json')).toBeNull();
  expect(
    parseInboxEvent('{"action":"db.drop","actor":"x","at":"2024-01-01T00:00:00Z"}'),
  ).toBeNull();
  expect(parseInboxEvent('{"action":"user.add","actor":"x","at":"yesterday"}')).toBeNull();
  expect(
    parseInboxEvent(
      '{"action":"user.add","actor":"x","at":"2024-01-01T00:00:00Z","detail":{"a":1,"b":{"c":2}}}',
    ),
  ).toEqual({ action: 'user.add', actor: 'x', at: '2024-01-01T00:00:00Z', detail: { a: 1 } });
});
