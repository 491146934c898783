import { expect, test } from 'vitest';
import { findPreset } from '@/lib/formats/presets';
import { UsageError, parseGenerateArgs, type GenerateCommand } from './cli-options';

const now = Date.UTC(2024, 3, 10, 12);
const HOUR = 3_600_000;

function parse(...argv: string[]): GenerateCommand {
  const command = parseGenerateArgs(argv, now, { AWS_REGION: 'eu-west-1' });
  if (command === 'help') throw new Error('unexpected help');
  return command;
}

test('--help wins over everything else', () => {
  expect(parseGenerateArgs(['--help', '--lines', 'x'], now)).toBe('help');
  expect(parseGenerateArgs(['-h'], now)).toBe('help');
});

test('defaults: 100k lines over the last 48 h, custom-json, 300 s buffers', () => {
  const command = parse('--out', 'out');
  expect(command).toMatchObject({
    destination: { kind: 'directory', dir: 'out' },
    lines: 100_000,
    seed: 1,
    start: now - 48 * HOUR,
    end: now,
    stream: 'access-logs',
    prefix: '',
    hostileFraction: 0,
    duplicateFraction: 0.001,
    bufferIntervalMs: 300_000,
    bufferBytes: 5 * 1024 * 1024,
    gzipLevel: 6,
  });
  expect(command.formats).toEqual([
    { template: findPreset('custom-json')?.template, effectiveFrom: null },
  ]);
});

test('time range from --start/--end or either with --hours', () => {
  expect(
    parse('--out', 'o', '--start', '2024-04-01T00:00:00Z', '--end', '2024-04-02T00:00:00Z'),
  ).toMatchObject({
    start: Date.UTC(2024, 3, 1),
    end: Date.UTC(2024, 3, 2),
  });
  expect(parse('--out', 'o', '--start', '2024-04-01T00:00:00Z', '--hours', '2')).toMatchObject({
    end: Date.UTC(2024, 3, 1, 2),
  });
  expect(parse('--out', 'o', '--hours', '6')).toMatchObject({ start: now - 6 * HOUR, end: now });
});

test('S3 destination, repeated formats and knobs', () => {
  const command = parse(
    '--bucket',
    'logs',
    '--endpoint',
    'http://127.0.0.1:4569',
    '--create-bucket',
    '--format',
    'clf',
    '--format',
    'custom-clf@2024-04-09T00:00:00Z',
    '--objects-per-hour',
    '60',
    '--buffer-mb',
    '1',
    '--hostile-fraction',
    '0.01',
    '--seed',
    '42',
  );
  expect(command.destination).toEqual({
    kind: 's3',
    bucket: 'logs',
    endpoint: 'http://127.0.0.1:4569',
    region: 'eu-west-1',
    createBucket: true,
  });
  expect(command.formats.map((f) => f.effectiveFrom)).toEqual([null, Date.UTC(2024, 3, 9)]);
  expect(command).toMatchObject({
    bufferIntervalMs: 60_000,
    bufferBytes: 1024 * 1024,
    hostileFraction: 0.01,
    seed: 42,
  });
});

test('bad input is a UsageError naming the option', () => {
  const cases: [string[], RegExp][] = [
    [[], /exactly one destination/],
    [['--out', 'o', '--bucket', 'b'], /exactly one destination/],
    [['--out', 'o', '--lines', '1.5'], /--lines must be a whole number/],
    [['--out', 'o', '--hostile-fraction', '2'], /--hostile-fraction must be a share/],
    [['--out', 'o', '--start', 'yesterday'], /--start must be an ISO time/],
    [['--out', 'o', '--start', '2024-04-02', '--end', '2024-04-01'], /--end must be after --start/],
    [['--out', 'o', '--format', 'nope'], /--format: .*neither a preset/],
    [['--out', 'o', '--prefix', '!{bogus:x}/'], /--prefix: unsupported/],
    [['--out', 'o', '--frobnicate'], /frobnicate/],
  ];
  for (const [argv, message] of cases) {
    expect(() => parseGenerateArgs(argv, now), argv.join(' ')).toThrow(UsageError);
    expect(() => parseGenerateArgs(argv, now), argv.join(' ')).toThrow(message);
  }
});
