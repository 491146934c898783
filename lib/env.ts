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
  };
}

let cached: AppConfig | undefined;

/** The process's configuration, validated on first use (at server start, via instrumentation.ts). */
export function getConfig(): AppConfig {
  cached ??= parseEnv(process.env);
  return cached;
}
