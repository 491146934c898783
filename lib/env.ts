/**
 * Configuration, read from environment variables and validated once. A missing or malformed variable
 * stops start-up with a message that names it. AWS credentials are deliberately absent: the SDK's
 * default provider chain (env, profile, SSO, instance role) supplies them.
 */
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

/** A whole number in [min, max] given as text; an empty value means the default. */
function wholeNumber(min: number, max: number) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (!/^-?\d+$/.test(v)) return fail(`must be a whole number from ${min} to ${max}`);
      const n = Number(v);
      if (n < min) return fail(`must be at least ${min}`);
      if (n > max) return fail(`must be at most ${max}`);
      return n;
    });
}

export const envSchema = z.object({
  LOG_BUCKET: z
    .string({ error: 'is required: the S3 bucket Firehose delivers the access logs to' })
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      error: 'must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)',
    }),
  LOG_PREFIX: z
    .string()
    .default('')
    .refine((v) => !v.startsWith('/'), { error: 'must not start with "/"' })
    .refine((v) => !/!\{(?!timestamp:[^}]+\}|firehose:[^}]+\})/.test(v), {
      error: 'has an expression Firehose does not know (use !{timestamp:...} or !{firehose:...})',
    }),
  AWS_REGION: z
    .string({ error: 'is required: the AWS region of the bucket, e.g. eu-west-1' })
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as eu-west-1' }),
  S3_ENDPOINT: optionalString.pipe(
    z.url({ error: 'must be a URL such as http://127.0.0.1:4569' }).optional(),
  ),
  S3_FORCE_PATH_STYLE: booleanFlag,
  DATA_DIR: z.string().trim().min(1).default('.data'),
  LOG_FORMAT: optionalString,
  SOURCES_FILE: optionalString,
  SYNC_INTERVAL_SECONDS: wholeNumber(0, 86_400).default(60),
  SYNC_CONCURRENCY: wholeNumber(1, 64).default(8),
  SYNC_PARSE_WORKERS: wholeNumber(0, 64).optional(),
  STORE_MAX_MB: wholeNumber(0, 10_000_000).default(20_480),
  STORE_MAX_AGE_DAYS: wholeNumber(0, 3650).default(30),
  STORE_MEMORY_MB: wholeNumber(128, 1_000_000).default(768),
  STORE_LOAD_MEMORY_MB: wholeNumber(128, 1_000_000).default(384),
  STORE_STAGE_MB: wholeNumber(0, 1_000_000).default(640),
});

export interface AppConfig {
  bucket: string;
  prefixTemplate: string;
  region: string;
  s3Endpoint: string | undefined;
  s3ForcePathStyle: boolean;
  dataDir: string;
  /** Preset id or `$context` template; undefined means auto-detect. */
  logFormat: string | undefined;
  /** JSON file listing the sources (S3 buckets, local folders) used instead of LOG_BUCKET/LOG_PREFIX. */
  sourcesFile: string | undefined;
  /** Seconds between background polls for new objects; 0 turns the poll off. */
  syncIntervalSeconds: number;
  /** Objects downloaded and parsed at once. */
  syncConcurrency: number;
  /** Worker threads that parse objects; undefined = defaultParseWorkers() (cores - 1, two on two cores), 0 = the main thread. */
  syncParseWorkers: number | undefined;
  /** Size bound of the local store in MB (0 = none). */
  storeMaxMb: number;
  /** Records older than this are evicted (0 = keep forever). */
  storeMaxAgeDays: number;
  /** Memory DuckDB may use (mostly a cache of the store for queries). */
  storeMemoryMb: number;
  /** DuckDB's limit while a sync writes, so loading many lines stays within a small footprint. */
  storeLoadMemoryMb: number;
  /** Memory for records held in memory while a sync loads them, before they move to the file. */
  storeStageMb: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Pure: validates a variables map; throws ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): AppConfig {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const message =
        issue.code === 'invalid_type' &&
        source[name] === undefined &&
        !issue.message.startsWith('is required')
          ? 'is required'
          : issue.message;
      return `${name} ${message}`;
    });
    throw new ConfigError(problems);
  }
  const v = result.data;
  return {
    bucket: v.LOG_BUCKET,
    prefixTemplate: v.LOG_PREFIX,
    region: v.AWS_REGION,
    s3Endpoint: v.S3_ENDPOINT,
    // S3-compatible servers usually need path-style addressing; AWS itself prefers virtual-hosted.
    s3ForcePathStyle: v.S3_FORCE_PATH_STYLE ?? v.S3_ENDPOINT !== undefined,
    dataDir: path.resolve(v.DATA_DIR),
    logFormat: v.LOG_FORMAT,
    sourcesFile: v.SOURCES_FILE === undefined ? undefined : path.resolve(v.SOURCES_FILE),
    syncIntervalSeconds: v.SYNC_INTERVAL_SECONDS ?? 60,
    syncConcurrency: v.SYNC_CONCURRENCY ?? 8,
    syncParseWorkers: v.SYNC_PARSE_WORKERS,
    storeMaxMb: v.STORE_MAX_MB ?? 20_480,
    storeMaxAgeDays: v.STORE_MAX_AGE_DAYS ?? 30,
    storeMemoryMb: v.STORE_MEMORY_MB ?? 768,
    storeLoadMemoryMb: v.STORE_LOAD_MEMORY_MB ?? 384,
    storeStageMb: v.STORE_STAGE_MB ?? 640,
  };
}

let cached: AppConfig | undefined;

/** The process's configuration, validated on first use (at server start, via instrumentation.ts). */
export function getConfig(): AppConfig {
  cached ??= parseEnv(process.env);
  return cached;
}
