import { test, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const LINE_A =
  '153.156.231.73 - - [01/Nov/2019:02:13:45 +0000] "GET /hello HTTP/1.1" 200 32 bb0afe31-fc1b-11e9-9e7e-0242ac120002';
const LINE_B =
  '10.0.0.7 - - [01/Nov/2019:02:13:46 -0700] "POST /pets HTTP/1.1" 502 - cc1bf042-fc1b-11e9-9e7e-0242ac120003';
let dir = '';

function run(...args: string[]) {
  const result = spawnSync(TSX, ['scripts/logs.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  const stderrLines = result.stderr.trim().split('\n');
  return {
    status: result.status,
    stdout: result.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr: result.stderr,
    summary: stderrLines[stderrLines.length - 1],
  };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'logs-cli-'));
  mkdirSync(path.join(dir, 'objects', '2019', '11'), { recursive: true });
  // Glued records, gzip, no extension; a second object with a duplicate and a bad line.
  writeFileSync(path.join(dir, 'objects', '2019', '11', 'one'), gzipSync(LINE_A + LINE_B));
  writeFileSync(path.join(dir, 'objects', 'two.log'), `${LINE_B}\nthis is not a record\n`);
  writeFileSync(
    path.join(dir, 'format.txt'),
    '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId\n',
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('parse prints NDJSON records and a JSON summary as the last stderr line; exit 0 with rejects', () => {
  const result = run('parse', '--format', 'clf-legacy', path.join(dir, 'objects'));
  expect(result.status).toBe(0);
  expect(result.stdout).toEqual([
    expect.objectContaining({
      time: '2019-11-01T02:13:45.000Z',
      ip: '153.156.231.73',
      status: 200,
      bytes: 32,
      extra: null,
    }),
    expect.objectContaining({
      time: '2019-11-01T09:13:46.000Z',
      method: 'POST',
      status: 502,
      bytes: null,
    }),
  ]);
  expect(JSON.parse(result.summary)).toEqual({
    records: 2,
    rejects: 1,
    duplicates: 1,
    format: 'clf-legacy',
  });
});

test('--rejects adds reject objects to stdout; @file and auto-detection name the format', () => {
  const withRejects = run(
    'parse',
    '--rejects',
    `--format=@${path.join(dir, 'format.txt')}`,
    path.join(dir, 'objects'),
  );
  expect(withRejects.status).toBe(0);
  expect(withRejects.stdout.filter((o) => o.reject === true)).toEqual([
    {
      reject: true,
      objectKey: path.join(dir, 'objects', 'two.log'),
      offset: LINE_B.length + 1,
      length: 20,
      raw: 'this is not a record',
      reason: 'does not match the log format',
    },
  ]);
  expect(JSON.parse(withRejects.summary).format).toBe('clf-legacy');
  const auto = run('parse', path.join(dir, 'objects', '2019'));
  expect(JSON.parse(auto.summary)).toEqual({
    records: 2,
    rejects: 0,
    duplicates: 0,
    format: 'clf-legacy',
  });
});

test('unreadable input exits 1 after reading the rest', () => {
  const missing = run(
    'parse',
    '--format',
    'clf-legacy',
    path.join(dir, 'nope.gz'),
    path.join(dir, 'objects', 'two.log'),
  );
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain('nope.gz: no such file or directory');
  expect(JSON.parse(missing.summary)).toMatchObject({ records: 1, rejects: 1 });
  if (process.getuid?.() !== 0) {
    const locked = path.join(dir, 'locked.log');
    writeFileSync(locked, LINE_A);
    chmodSync(locked, 0o000);
    expect(run('parse', locked).status).toBe(1);
  }
});

test('usage errors exit 2 and print the usage', () => {
  for (const args of [
    ['parse'],
    ['parse', '--format'],
    ['parse', '--nope', 'x'],
    ['parse', '--format', 'apache', 'x'],
  ]) {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage:');
  }
});

test('detect names the preset of a file', () => {
  const result = run('detect', path.join(dir, 'objects', '2019', '11', 'one'));
  expect(result.status).toBe(0);
  expect(result.stdout[0]).toMatchObject({
    presetId: 'clf-legacy',
    format: 'clf-legacy',
    confidence: 1,
  });
});
