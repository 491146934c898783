import { parseArgs } from 'node:util';
import type { FormatChange } from './firehose-objects';
import { expandPrefix } from './firehose-keys';
import { parseFormatHistory, parseIsoTime } from './format-history';

/** Command-line parsing for `npm run generate`, kept pure (argv and clock in, options out) for tests. */

export const GENERATE_USAGE = `Usage: npm run generate -- [options]

Writes API Gateway access logs as Kinesis Data Firehose delivers them to S3: gzip objects under
YYYY/MM/DD/HH/amazon-apigateway-<stream>-1-YYYY-MM-DD-HH-MM-SS-<uuid>.gz (UTC, arrival hour).

Destination (one of):
  --out DIR                 write objects into a local folder, same key layout
  --bucket NAME             put objects into an S3 bucket (credentials: AWS SDK default chain;
                            with a loopback --endpoint and no AWS credentials in the environment,
                            s3rver's S3RVER/S3RVER are used)
    --endpoint URL          S3-compatible endpoint, e.g. http://127.0.0.1:4569 (path-style)
    --region R              default: AWS_REGION or us-east-1
    --create-bucket         create the bucket first if it does not exist

What to generate:
  --lines N                 requests to generate (default 100000)
  --seed N                  same seed and options give byte-identical objects (default 1)
  --format F[@TIME]         preset id (clf, clf-legacy, json, json-legacy, xml, xml-legacy, csv,
                            csv-legacy, http-*, custom-json, custom-clf) or a literal $context template
                            (a trailing \\n becomes a newline). Repeat to give a history: the first
                            without @TIME applies from the start, later ones from their ISO time.
                            Default: custom-json.
  --start ISO --end ISO     request time range (UTC unless a zone is given)
  --hours H                 range length when --start or --end is missing (default 48, ending now)
  --stream NAME             delivery stream name after "amazon-apigateway-" (default access-logs)
  --prefix P                Firehose S3 prefix, may use !{timestamp:yyyy} !{timestamp:MM}
                            !{timestamp:dd} !{timestamp:HH} and !{firehose:random-string}
  --hostile-fraction F      share of records with <script>/<img onerror> payloads (default 0)
  --duplicate-fraction F    share of records delivered twice (default 0.001)

Firehose buffering and output:
  --objects-per-hour N      buffer interval = 3600/N seconds (default 12, i.e. 300 s)
  --buffer-mb M             buffer size that forces a flush (default 5)
  --gzip-level L            1-9 (default 6)
  --concurrency N           objects written at once (default 8)
  -h, --help                show this help
`;

export interface S3Destination {
  kind: 's3';
  bucket: string;
  endpoint: string | undefined;
  region: string;
  createBucket: boolean;
}

export interface GenerateCommand {
  destination: { kind: 'directory'; dir: string } | S3Destination;
  seed: number;
  lines: number;
  formats: FormatChange[];
  start: number;
  end: number;
  stream: string;
  prefix: string;
  hostileFraction: number;
  duplicateFraction: number;
  bufferIntervalMs: number;
  bufferBytes: number;
  gzipLevel: number;
  concurrency: number;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

const HOUR = 3_600_000;

function readNumber(
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  check: (n: number) => boolean,
  expected: string,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`--${name} must be ${expected}, got "${String(raw)}"`);
  }
  return n;
}

function readTime(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseIsoTime(text);
  } catch {
    throw new UsageError(
      `--${name} must be an ISO time such as 2024-04-01T00:00:00Z, got "${text}"`,
    );
  }
}

export function parseGenerateArgs(
  argv: readonly string[],
  now: number,
  env: Readonly<Record<string, string | undefined>> = {},
): GenerateCommand | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        out: { type: 'string' },
        bucket: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        'create-bucket': { type: 'boolean' },
        lines: { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string', multiple: true },
        start: { type: 'string' },
        end: { type: 'string' },
        hours: { type: 'string' },
        stream: { type: 'string' },
        prefix: { type: 'string' },
        'hostile-fraction': { type: 'string' },
        'duplicate-fraction': { type: 'string' },
        'objects-per-hour': { type: 'string' },
        'buffer-mb': { type: 'string' },
        'gzip-level': { type: 'string' },
        concurrency: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return 'help';

  const isInt = (n: number): boolean => Number.isInteger(n);
  const isShare = (n: number): boolean => n >= 0 && n <= 1;
  const lines = readNumber(v, 'lines', 100_000, (n) => isInt(n) && n >= 0, 'a whole number >= 0');
  const seed = readNumber(v, 'seed', 1, isInt, 'a whole number');
  const hours = readNumber(v, 'hours', 48, (n) => n > 0, 'a number of hours > 0');
  let start = readTime(v.start, 'start');
  let end = readTime(v.end, 'end');
  if (start !== undefined && end !== undefined && v.hours !== undefined) {
    throw new UsageError('give at most two of --start, --end and --hours');
  }
  if (start === undefined && end === undefined) end = now;
  if (start === undefined) start = (end as number) - hours * HOUR;
  if (end === undefined) end = start + hours * HOUR;
  if (!(end > start)) throw new UsageError('--end must be after --start');

  if ((v.out === undefined) === (v.bucket === undefined)) {
    throw new UsageError('give exactly one destination: --out DIR or --bucket NAME');
  }
  if (v.out !== undefined && (v.endpoint !== undefined || v['create-bucket'])) {
    throw new UsageError('--endpoint and --create-bucket only apply with --bucket');
  }
  const destination: GenerateCommand['destination'] =
    v.bucket !== undefined
      ? {
          kind: 's3',
          bucket: v.bucket,
          endpoint: v.endpoint,
          region: v.region ?? env.AWS_REGION ?? 'us-east-1',
          createBucket: v['create-bucket'] ?? false,
        }
      : { kind: 'directory', dir: v.out as string };

  let formats: FormatChange[];
  try {
    formats = parseFormatHistory(v.format ?? []);
  } catch (error) {
    throw new UsageError(`--format: ${error instanceof Error ? error.message : String(error)}`);
  }

  const objectsPerHour = readNumber(
    v,
    'objects-per-hour',
    12,
    (n) => n >= 4 && n <= 3600,
    'between 4 and 3600',
  );
  const stream = v.stream ?? 'access-logs';
  if (!/^[A-Za-z0-9_.-]+$/.test(stream))
    throw new UsageError('--stream may use letters, digits, _ . - only');
  const prefix = v.prefix ?? '';
  try {
    expandPrefix(prefix, { arrival: 0, randomString: 'x' });
  } catch (error) {
    throw new UsageError(`--prefix: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    destination,
    seed,
    lines,
    formats,
    start,
    end,
    stream,
    prefix,
    hostileFraction: readNumber(v, 'hostile-fraction', 0, isShare, 'a share between 0 and 1'),
    duplicateFraction: readNumber(
      v,
      'duplicate-fraction',
      0.001,
      isShare,
      'a share between 0 and 1',
    ),
    bufferIntervalMs: Math.round(HOUR / objectsPerHour),
    bufferBytes: Math.round(
      readNumber(
        v,
        'buffer-mb',
        5,
        (n) => n > 0 && n <= 128,
        'a size in MiB above 0 and at most 128',
      ) *
        1024 *
        1024,
    ),
    gzipLevel: readNumber(
      v,
      'gzip-level',
      6,
      (n) => isInt(n) && n >= 1 && n <= 9,
      'a whole number 1-9',
    ),
    concurrency: readNumber(v, 'concurrency', 8, (n) => isInt(n) && n >= 1, 'a whole number >= 1'),
  };
}
