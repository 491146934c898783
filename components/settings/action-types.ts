/**
 * The typed states the settings page's server actions return (for useActionState) and the shapes
 * the page hands its client leaves. Plain serializable data only.
 */
import type { ApiKind } from '@/lib/access-log-settings/context-variables';
import type { AccessLogSettingsValue } from '@/lib/access-log-settings/patch-operations';
import type { Issue } from '@/lib/access-log-settings/validate-format';
import type { ParsedFieldRow } from './preview-model';

export interface StageTarget {
  region: string;
  apiKind: ApiKind;
  apiId: string;
  stageName: string;
}

export type SaveIntent = 'save' | 'disable';

/** The error kinds of lib/server/api-gateway plus our own refusals (audit log, history file). */
export type SaveFailureKind =
  | 'access-denied'
  | 'not-found'
  | 'throttled'
  | 'bad-request'
  | 'aws-conflict'
  | 'credentials'
  | 'unavailable'
  | 'audit'
  | 'history';

export type SaveSettingsState =
  | { status: 'idle' }
  /** Refused before anything was sent; issues go next to their fields. */
  | { status: 'invalid'; message: string; issues: Issue[] }
  /** The stage changed since the page loaded it; nothing was written. Saving again overwrites `current`. */
  | {
      status: 'conflict';
      message: string;
      attempted: SaveIntent;
      loaded: AccessLogSettingsValue | null;
      current: AccessLogSettingsValue | null;
    }
  | { status: 'failed'; kind: SaveFailureKind; message: string; awsMessage: string | null }
  | {
      status: 'saved';
      intent: SaveIntent;
      message: string;
      /** The stage's settings as AWS answered after the write (null: logging off). */
      settings: AccessLogSettingsValue | null;
      /** Where the change was recorded for the dashboard's parser, if the stage feeds a source. */
      history: { sourceId: string; effectiveFrom: number } | null;
      savedAt: number;
    };

export type PreviewParseResult =
  | {
      ok: true;
      /** Records the engine read back out of the sample object. */
      recordCount: number;
      rows: ParsedFieldRow[];
      extras: { name: string; value: string }[];
      rejects: { reason: string; raw: string }[];
    }
  | { ok: false; message: string };

export type LinkSourceState =
  | { status: 'idle' }
  | { status: 'saved'; message: string; sourceId: string | null }
  | { status: 'failed'; message: string };

export interface SourceOption {
  id: string;
  label: string;
}

export type SaveStageAction = (
  previous: SaveSettingsState,
  form: FormData,
) => Promise<SaveSettingsState>;
export type LinkSourceAction = (
  previous: LinkSourceState,
  form: FormData,
) => Promise<LinkSourceState>;
export type PreviewAction = (template: string, apiKind: string) => Promise<PreviewParseResult>;
