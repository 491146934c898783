import 'server-only';
import { S3SourceError, type S3ErrorKind } from '@/lib/server/s3/errors';

/** A problem the UI shows in words; serialisable. */
export interface SyncIssue {
  source: string;
  kind: S3ErrorKind | 'object' | 'store' | 'config';
  message: string;
  /** IAM action to grant, for access-denied. */
  permission: string | null;
  objectKey: string | null;
}

export interface SyncProgress {
  running: boolean;
  phase: 'idle' | 'listing' | 'loading';
  /** The range being synced (or last synced), epoch ms. */
  range: { from: number; to: number } | null;
  startedAt: number | null;
  finishedAt: number | null;
  objectsTotal: number;
  objectsDone: number;
  objectsFailed: number;
  records: number;
  rejects: number;
  duplicates: number;
  /** Compressed bytes downloaded. */
  bytes: number;
  issues: SyncIssue[];
}

export function idleProgress(): SyncProgress {
  return {
    running: false,
    phase: 'idle',
    range: null,
    startedAt: null,
    finishedAt: null,
    objectsTotal: 0,
    objectsDone: 0,
    objectsFailed: 0,
    records: 0,
    rejects: 0,
    duplicates: 0,
    bytes: 0,
    issues: [],
  };
}

export function issueFromError(
  source: string,
  error: unknown,
  objectKey: string | null = null,
): SyncIssue {
  if (error instanceof S3SourceError) {
    return {
      source,
      kind: error.kind,
      message: error.message,
      permission: error.permission,
      objectKey,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { source, kind: objectKey ? 'object' : 'store', message, permission: null, objectKey };
}
