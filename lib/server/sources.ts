import 'server-only';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { getConfig, type AppConfig } from '@/lib/env';
import { resolveFormat, type FormatVersion } from '@/lib/formats';
import { DEFAULT_SOURCE_ID, readFormatHistory } from '@/lib/server/format-history';
import { getS3Client } from '@/lib/server/s3/client';
import { getObjectBytes, listObjectsUnder, type ListedObject } from '@/lib/server/s3/list-objects';
import {
  arrivalTimeFromKey,
  isErrorOutputKey,
  prefixesForHours,
} from '@/lib/server/s3/prefix-template';

/**
 * Where logs come from. A source is an S3 bucket + Firehose prefix template, or a local folder with
 * the same layout (for people who synced their bucket). By default there is one S3 source from
 * LOG_BUCKET / LOG_PREFIX; SOURCES_FILE (JSON) lists several instead, e.g. one per API stage:
 *
 *   { "sources": [
 *       { "id": "orders-prod", "bucket": "logs-a", "prefix": "orders/", "region": "eu-west-1", "format": "clf" },
 *       { "id": "archive", "dir": "/data/logs", "prefix": "" } ] }
 *
 * A source's format comes from its format history (settings page) when there is one, else from
 * its `format` (preset id or template), else LOG_FORMAT, else auto-detection per object.
 */
export interface ObjectRef {
  source: string;
  key: string;
  etag: string;
  size: number;
  lastModified: number;
  /** Arrival time of the object's oldest record (from the Firehose object name), else the hour listed. */
  keyHour: number;
}

interface SourceBase {
  id: string;
  prefixTemplate: string;
  /** Explicit format for this source (preset id or template). */
  format?: string;
}

export interface S3SourceConfig extends SourceBase {
  kind: 's3';
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
}

export interface LocalSourceConfig extends SourceBase {
  kind: 'local';
  dir: string;
}

export type SourceConfig = S3SourceConfig | LocalSourceConfig;

/** What the sync needs from a source, whatever it is. */
export interface ObjectSource {
  config: SourceConfig;
  /** Objects that may hold records of the given hours (UTC hour starts). */
  listHours(hours: readonly number[], signal?: AbortSignal): Promise<ObjectRef[]>;
  read(ref: ObjectRef, signal?: AbortSignal): Promise<Uint8Array>;
}

const sourceId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
  error: 'must be 1-64 lowercase letters, digits, "-" or "_"',
});
const sourcesFileSchema = z.object({
  sources: z
    .array(
      z.union([
        z.object({
          id: sourceId,
          bucket: z.string().min(3),
          prefix: z.string().default(''),
          region: z.string().optional(),
          endpoint: z.url().optional(),
          forcePathStyle: z.boolean().optional(),
          format: z.string().optional(),
        }),
        z.object({
          id: sourceId,
          dir: z.string().min(1),
          prefix: z.string().default(''),
          format: z.string().optional(),
        }),
      ]),
    )
    .min(1),
});

export class SourcesFileError extends Error {
  override name = 'SourcesFileError';
}

/** Pure: the sources a configuration describes (file contents given as text when there is one). */
export function parseSources(config: AppConfig, fileText?: string): SourceConfig[] {
  if (config.sourcesFile === undefined || fileText === undefined) {
    return [
      {
        kind: 's3',
        id: DEFAULT_SOURCE_ID,
        bucket: config.bucket,
        prefixTemplate: config.prefixTemplate,
        region: config.region,
        endpoint: config.s3Endpoint,
        forcePathStyle: config.s3ForcePathStyle,
        format: config.logFormat,
      },
    ];
  }
  let json: unknown;
  try {
    json = JSON.parse(fileText);
  } catch (error) {
    throw new SourcesFileError(
      `SOURCES_FILE ${config.sourcesFile} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = sourcesFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourcesFileError(
      `SOURCES_FILE ${config.sourcesFile}: ${issue.path.join('.')} ${issue.message}`,
    );
  }
  const ids = new Set<string>();
  return parsed.data.sources.map((entry) => {
    if (ids.has(entry.id))
      throw new SourcesFileError(
        `SOURCES_FILE ${config.sourcesFile}: source id "${entry.id}" appears twice`,
      );
    ids.add(entry.id);
    if ('dir' in entry) {
      const dir = path.resolve(path.dirname(config.sourcesFile ?? '.'), entry.dir);
      return {
        kind: 'local',
        id: entry.id,
        dir,
        prefixTemplate: entry.prefix,
        format: entry.format,
      };
    }
    const endpoint = entry.endpoint ?? config.s3Endpoint;
    return {
      kind: 's3',
      id: entry.id,
      bucket: entry.bucket,
      prefixTemplate: entry.prefix,
      region: entry.region ?? config.region,
      endpoint,
      forcePathStyle:
        entry.forcePathStyle ?? (entry.endpoint === undefined ? config.s3ForcePathStyle : true),
      format: entry.format,
    };
  });
}

let cachedSources: { mtimeMs: number; sources: SourceConfig[] } | undefined;

/** The configured sources; a SOURCES_FILE is re-read when it changes. */
export function getSources(config: AppConfig = getConfig()): SourceConfig[] {
  if (config.sourcesFile === undefined) return parseSources(config);
  const mtimeMs = fs.statSync(config.sourcesFile).mtimeMs;
  if (cachedSources?.mtimeMs !== mtimeMs) {
    cachedSources = {
      mtimeMs,
      sources: parseSources(config, fs.readFileSync(config.sourcesFile, 'utf8')),
    };
  }
  return cachedSources.sources;
}

/** Format versions for a source: its history if the settings page recorded one, else its config. */
export function formatsForSource(
  source: SourceConfig,
  history: (id: string) => FormatVersion[] = readFormatHistory,
): readonly FormatVersion[] | 'auto' {
  const recorded = history(source.id);
  if (recorded.length > 0) return recorded;
  if (source.format !== undefined)
    return [{ template: resolveFormat(source.format), effectiveFrom: null }];
  return 'auto';
}

function toRef(source: string, object: ListedObject, hour: number): ObjectRef {
  return { source, ...object, keyHour: arrivalTimeFromKey(object.key) ?? hour };
}

function keepKey(key: string, prefix: string): boolean {
  return key.startsWith(prefix) && !isErrorOutputKey(key.slice(prefix.length));
}

export function openS3Source(config: S3SourceConfig): ObjectSource {
  const client = getS3Client(config);
  const location = { bucket: config.bucket, region: config.region, endpoint: config.endpoint };
  return {
    config,
    async listHours(hours, signal) {
      const refs = new Map<string, ObjectRef>();
      for (const [prefix, prefixHours] of prefixesForHours(config.prefixTemplate, hours)) {
        for (const object of await listObjectsUnder(client, location, prefix, signal)) {
          if (keepKey(object.key, prefix))
            refs.set(object.key, toRef(config.id, object, prefixHours[0]));
        }
      }
      return [...refs.values()];
    },
    read: (ref, signal) => getObjectBytes(client, location, ref.key, signal),
  };
}

async function walkFiles(dir: string, base: string, out: string[]): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walkFiles(full, base, out);
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
}

export function openLocalSource(config: LocalSourceConfig): ObjectSource {
  return {
    config,
    async listHours(hours, signal) {
      const refs = new Map<string, ObjectRef>();
      for (const [prefix, prefixHours] of prefixesForHours(config.prefixTemplate, hours)) {
        signal?.throwIfAborted();
        const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
        const keys: string[] = [];
        await walkFiles(path.join(config.dir, folder), config.dir, keys);
        for (const key of keys) {
          if (!keepKey(key, prefix)) continue;
          const stat = await fsp.stat(path.join(config.dir, key));
          const object = {
            key,
            etag: `${stat.size}-${Math.trunc(stat.mtimeMs)}`,
            size: stat.size,
            lastModified: Math.trunc(stat.mtimeMs),
          };
          refs.set(key, toRef(config.id, object, prefixHours[0]));
        }
      }
      return [...refs.values()];
    },
    read: (ref, signal) => fsp.readFile(path.join(config.dir, ref.key), { signal }),
  };
}

export function openSource(config: SourceConfig): ObjectSource {
  return config.kind === 's3' ? openS3Source(config) : openLocalSource(config);
}
