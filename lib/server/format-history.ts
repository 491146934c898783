import 'server-only';
/**
 * Which access-log format each dashboard source was written in, and since when, plus which API
 * Gateway stage feeds which source. The sync reads a source's history to pick the template per
 * object: objects written before a format change keep parsing with the old format, later ones with
 * the new. Admins change both through the settings page.
 *
 * One small JSON file under DATA_DIR. Every change is a synchronous read-modify-write ending in a
 * rename, so within the server process two changes cannot interleave (no await in between) and a
 * reader never sees a half-written file. Separate processes writing at once are not coordinated:
 * only the dashboard server writes this file.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { getConfig } from '@/lib/env';

export const FORMAT_HISTORY_FILE = 'format-history.json';
/** The single source configured through LOG_BUCKET / LOG_PREFIX. */
export const DEFAULT_SOURCE_ID = 'default';

/** What the format engine needs per version (structurally lib/formats' FormatVersion). */
export interface FormatVersion {
  template: string;
  /** Epoch ms from which this format is in force; null = from the beginning. */
  effectiveFrom: number | null;
  name?: string;
}

const stageKeySchema = z.object({
  region: z.string().min(1),
  apiKind: z.enum(['rest', 'http', 'websocket']),
  apiId: z.string().min(1),
  stageName: z.string().min(1),
});
export type StageKey = z.infer<typeof stageKeySchema>;

const formatChangeSchema = z.object({
  id: z.string().min(1),
  template: z.string().min(1),
  effectiveFrom: z.number().int().nullable(),
  name: z.string().optional(),
  changedBy: z.string(),
  /** Epoch ms when the change was recorded. */
  changedAt: z.number().int(),
  stage: stageKeySchema.nullable(),
});
export type FormatChange = z.infer<typeof formatChangeSchema>;

const stageSourceLinkSchema = z.object({
  sourceId: z.string(),
  stage: stageKeySchema,
  linkedBy: z.string(),
  linkedAt: z.number().int(),
});
export type StageSourceLink = z.infer<typeof stageSourceLinkSchema>;

const historyFileSchema = z.object({
  version: z.literal(1),
  sources: z.record(z.string(), z.array(formatChangeSchema)),
  stageSources: z.array(stageSourceLinkSchema),
});
type HistoryFile = z.infer<typeof historyFileSchema>;

const SOURCE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface AppendFormatChangeInput {
  template: string;
  effectiveFrom: number | null;
  changedBy: string;
  stage: StageKey | null;
  name?: string;
  /**
   * The format in force before this change. When the source has no history yet it is recorded
   * first, from the beginning, so objects written before the change keep their layout.
   */
  previousTemplate?: string | null;
}

export interface LinkStageInput {
  linkedBy: string;
  now?: number;
}

export interface FormatHistoryStore {
  readonly file: string;
  /** The source's formats, oldest first (the one without effectiveFrom leads). */
  readFormatHistory: (sourceId: string) => FormatVersion[];
  /** The same versions with who changed what, when, and from which stage. */
  readFormatChanges: (sourceId: string) => FormatChange[];
  /** Records a change; returns the stored entry (the latest one when nothing changed). */
  appendFormatChange: (sourceId: string, change: AppendFormatChangeInput) => FormatChange;
  /** Takes back one entry (used when the stage write it announced did not happen). */
  removeFormatChange: (sourceId: string, id: string) => boolean;
  readStageSources: () => StageSourceLink[];
  findSourceForStage: (stage: StageKey) => string | null;
  findStageForSource: (sourceId: string) => StageKey | null;
  /**
   * Links a stage to a source (null unlinks it). A source is fed by one stage, a stage feeds one
   * source. Linking alone records no format: until the first change, the source keeps reading its
   * objects as configured (LOG_FORMAT, its own format, or auto-detection).
   */
  linkStageToSource: (stage: StageKey, sourceId: string | null, input: LinkStageInput) => void;
}

export function sameStage(a: StageKey, b: StageKey): boolean {
  return (
    a.region === b.region &&
    a.apiKind === b.apiKind &&
    a.apiId === b.apiId &&
    a.stageName === b.stageName
  );
}

/** Oldest first: null (from the beginning) leads; equal times keep the order they were recorded in. */
export function sortFormatChanges<T extends FormatVersion>(changes: readonly T[]): T[] {
  return [...changes].sort(
    (a, b) => (a.effectiveFrom ?? -Infinity) - (b.effectiveFrom ?? -Infinity),
  );
}

/** The version in force at `time` (epoch ms); before the first dated change, the oldest version. */
export function selectFormatVersion<T extends FormatVersion>(
  history: readonly T[],
  time: number,
): T | undefined {
  const sorted = sortFormatChanges(history);
  let chosen = sorted[0];
  for (const version of sorted) {
    if ((version.effectiveFrom ?? -Infinity) <= time) chosen = version;
  }
  return chosen;
}

export function createFormatHistoryStore(file: string): FormatHistoryStore {
  const read = (): HistoryFile => readHistoryFile(file);
  const update = (change: (data: HistoryFile) => void) => {
    const data = read();
    change(data);
    writeFileAtomically(file, `${JSON.stringify(data, null, 2)}\n`);
  };

  const readFormatChanges = (sourceId: string) =>
    sortFormatChanges(read().sources[checkSourceId(sourceId)] ?? []);

  return {
    file,
    readFormatChanges,
    readFormatHistory: (sourceId) =>
      readFormatChanges(sourceId).map(({ template, effectiveFrom, name }) =>
        name === undefined ? { template, effectiveFrom } : { template, effectiveFrom, name },
      ),
    appendFormatChange(sourceId, change) {
      checkSourceId(sourceId);
      if (change.template === '') throw new Error('A format change needs a template.');
      let stored: FormatChange | undefined;
      update((data) => {
        const history = sortFormatChanges(data.sources[sourceId] ?? []);
        const now = Date.now();
        if (history.length === 0 && change.previousTemplate && change.effectiveFrom !== null) {
          history.push({
            id: randomUUID(),
            template: change.previousTemplate,
            effectiveFrom: null,
            name: 'in force before the first recorded change',
            changedBy: change.changedBy,
            changedAt: now,
            stage: change.stage,
          });
        }
        data.sources[sourceId] = history;
        const latest = history.at(-1);
        if (latest && latest.template === change.template) {
          stored = latest;
          return;
        }
        if (change.effectiveFrom === null && history.length > 0) {
          throw new Error(
            `Source "${sourceId}" already has a format history: a new format needs the time it took effect.`,
          );
        }
        stored = {
          id: randomUUID(),
          template: change.template,
          effectiveFrom: change.effectiveFrom,
          ...(change.name === undefined ? {} : { name: change.name }),
          changedBy: change.changedBy,
          changedAt: now,
          stage: change.stage,
        };
        data.sources[sourceId] = [...history, stored];
      });
      if (!stored) throw new Error('unreachable: no format change stored');
      return stored;
    },
    removeFormatChange(sourceId, id) {
      let removed = false;
      update((data) => {
        const history = data.sources[checkSourceId(sourceId)] ?? [];
        const kept = history.filter((c) => c.id !== id);
        removed = kept.length !== history.length;
        data.sources[sourceId] = kept;
      });
      return removed;
    },
    readStageSources: () => read().stageSources,
    findSourceForStage: (stage) =>
      read().stageSources.find((l) => sameStage(l.stage, stage))?.sourceId ?? null,
    findStageForSource: (sourceId) =>
      read().stageSources.find((l) => l.sourceId === sourceId)?.stage ?? null,
    linkStageToSource(stage, sourceId, input) {
      const parsedStage = stageKeySchema.parse(stage);
      if (sourceId !== null) checkSourceId(sourceId);
      update((data) => {
        const others = data.stageSources.filter(
          (l) => !sameStage(l.stage, parsedStage) && l.sourceId !== sourceId,
        );
        if (sourceId === null) {
          data.stageSources = others;
          return;
        }
        data.stageSources = [
          ...others,
          {
            sourceId,
            stage: parsedStage,
            linkedBy: input.linkedBy,
            linkedAt: input.now ?? Date.now(),
          },
        ];
      });
    },
  };
}

function checkSourceId(sourceId: string): string {
  if (!SOURCE_ID.test(sourceId)) {
    throw new Error(`"${sourceId}" is not a source id (lowercase letters, digits, "-" and "_").`);
  }
  return sourceId;
}

function readHistoryFile(file: string): HistoryFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { version: 1, sources: {}, stageSources: [] };
    }
    throw error;
  }
  // A damaged file stops here instead of being replaced: the history cannot be rebuilt from S3.
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix or remove it.`);
  }
  const parsed = historyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${file} is not a format history file: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

/** Write to a temporary file in the same folder, flush it, then rename over the target. */
function writeFileAtomically(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

let defaultStore: FormatHistoryStore | undefined;

/** The store under the configured DATA_DIR. */
export function getFormatHistoryStore(): FormatHistoryStore {
  defaultStore ??= createFormatHistoryStore(path.join(getConfig().dataDir, FORMAT_HISTORY_FILE));
  return defaultStore;
}

export function readFormatHistory(sourceId: string): FormatVersion[] {
  return getFormatHistoryStore().readFormatHistory(sourceId);
}

export function readFormatChanges(sourceId: string): FormatChange[] {
  return getFormatHistoryStore().readFormatChanges(sourceId);
}

export function appendFormatChange(
  sourceId: string,
  change: AppendFormatChangeInput,
): FormatChange {
  return getFormatHistoryStore().appendFormatChange(sourceId, change);
}

export function readStageSources(): StageSourceLink[] {
  return getFormatHistoryStore().readStageSources();
}

export function findSourceForStage(stage: StageKey): string | null {
  return getFormatHistoryStore().findSourceForStage(stage);
}

export function findStageForSource(sourceId: string): StageKey | null {
  return getFormatHistoryStore().findStageForSource(sourceId);
}
