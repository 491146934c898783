import 'server-only';
/**
 * One access-log change, end to end, after the caller has checked who is asking and parsed the input:
 * re-read the stage (stop on a concurrent change), audit, announce the new format in the source's
 * history, write to API Gateway, and take the announcement back if the write fails. The order keeps
 * a failure from leaving half a change behind: the history entry is the only local state written
 * before AWS answers, and it is removed again unless the stage really changed.
 * Dependencies come in as parameters so tests run it against the local control plane.
 */
import {
  sameAccessLogSettings,
  type AccessLogSettingsValue,
} from '@/lib/access-log-settings/patch-operations';
import { validateAccessLogSettings } from '@/lib/access-log-settings/validate-format';
import type { ApiGatewayClients } from '@/lib/server/api-gateway/clients';
import {
  disableAccessLogs,
  getStage,
  updateAccessLogSettings,
} from '@/lib/server/api-gateway/stages';
import type { ApiGatewayError, StageRef } from '@/lib/server/api-gateway/types';
import type { AuditEventInput } from '@/lib/auth/audit-event';
import type { FormatChange, FormatHistoryStore } from '@/lib/server/format-history';
import { describeFormat } from '@/components/settings/editor-model';
import type {
  SaveIntent,
  SaveSettingsState,
  StageTarget,
} from '@/components/settings/action-types';

export interface ChangeDependencies {
  clients: ApiGatewayClients;
  history: FormatHistoryStore;
  /** Must throw when the event cannot be recorded: then nothing is changed. */
  audit: (event: AuditEventInput) => Promise<void>;
  /** For the outcome, once AWS has answered: reports instead of throwing. */
  auditSafely: (event: AuditEventInput) => Promise<void>;
  now?: () => number;
}

export type ChangeRequest = {
  target: StageTarget;
  /** The stage's settings as the page showed them (null: logging was off). */
  loaded: AccessLogSettingsValue | null;
  actor: string;
  ip: string;
} & ({ intent: 'save'; settings: AccessLogSettingsValue } | { intent: 'disable' });

/** The stage's ARN, the audit log's target (`arn:aws:apigateway:{region}::/restapis/{id}/stages/{name}`). */
export function stageArn(target: StageTarget): string {
  const family = target.apiKind === 'rest' ? 'restapis' : 'apis';
  return `arn:aws:apigateway:${target.region}::/${family}/${target.apiId}/stages/${target.stageName}`;
}

export async function applyAccessLogChange(
  deps: ChangeDependencies,
  request: ChangeRequest,
): Promise<SaveSettingsState> {
  const now = deps.now ?? Date.now;
  const { target, intent } = request;
  const ref: StageRef = {
    apiKind: target.apiKind,
    apiId: target.apiId,
    stageName: target.stageName,
  };
  const next = request.intent === 'save' ? request.settings : null;

  if (next) {
    const { errors } = validateAccessLogSettings({ apiKind: target.apiKind, ...next });
    if (errors.length > 0) {
      return {
        status: 'invalid',
        message: 'Fix the marked fields; nothing was sent.',
        issues: errors,
      };
    }
  }

  const read = await getStage(deps.clients, ref);
  if (!read.ok) return failureState(read.error, intent);
  const current = read.value.accessLog;
  if (!sameAccessLogSettings(current, request.loaded)) {
    return conflictState(intent, request.loaded, current);
  }
  if (sameAccessLogSettings(current, next)) {
    return {
      status: 'saved',
      intent,
      message: 'Nothing to change: the stage already has these settings.',
      settings: current,
      history: null,
      savedAt: now(),
    };
  }

  let sourceId: string | null;
  try {
    sourceId = deps.history.findSourceForStage(target);
  } catch (error) {
    return refusal(
      'history',
      `The format history cannot be read, so nothing was changed: ${messageOf(error)}`,
    );
  }

  const event = (outcome: string, extra: AuditEventInput['detail'] = {}): AuditEventInput => ({
    action: 'settings.change',
    actor: request.actor,
    target: stageArn(target),
    ip: request.ip,
    detail: {
      change: intent === 'save' ? 'access-log-format' : 'access-log-disable',
      outcome,
      from: current ? describeFormat(current.format).label : 'logging off',
      to: next ? describeFormat(next.format).label : 'logging off',
      previousFormat: current?.format ?? null,
      format: next?.format ?? null,
      destinationArn: next?.destinationArn ?? null,
      source: sourceId,
      ...extra,
    },
  });

  try {
    await deps.audit(event('requested'));
  } catch (error) {
    return refusal(
      'audit',
      `The audit log cannot be written, so nothing was changed: ${messageOf(error)}`,
    );
  }

  const effectiveFrom = now();
  let announced: FormatChange | null = null;
  if (next && sourceId) {
    try {
      announced = announceFormat(deps.history, sourceId, {
        template: next.format,
        current: current?.format ?? null,
        stageChangedAt: read.value.lastUpdatedDate?.getTime() ?? null,
        effectiveFrom,
        actor: request.actor,
        stage: target,
      });
    } catch (error) {
      await deps.auditSafely(event('refused', { reason: 'history' }));
      return refusal(
        'history',
        `The format history cannot be written, so nothing was changed: ${messageOf(error)}`,
      );
    }
  }

  const written = next
    ? await updateAccessLogSettings(deps.clients, ref, { settings: next, loaded: current })
    : await disableAccessLogs(deps.clients, ref, { loaded: current });

  if (!written.ok) {
    const rollback = rollBack(deps.history, sourceId, announced);
    await deps.auditSafely(event('refused', { reason: written.error.kind, rollback }));
    const state = failureState(written.error, intent);
    return rollback === 'failed' && state.status === 'failed'
      ? {
          ...state,
          message: `${state.message} The format history still announces the new format; remove its last entry by hand.`,
        }
      : state;
  }

  await deps.auditSafely(event('applied', { effectiveFrom: announced ? effectiveFrom : null }));
  const settings = written.value.accessLog;
  return {
    status: 'saved',
    intent,
    message: savedMessage(intent, sourceId),
    settings,
    history: sourceId && announced ? { sourceId, effectiveFrom } : null,
    savedAt: now(),
  };
}

/**
 * Records the new format in the source's history; returns the entry to take back if the write
 * fails (null when the history already had it). When the history's newest format is not the one
 * the stage has, the stage was changed outside this page: that format is recorded first, from when
 * API Gateway says the stage last changed, so the objects written since are read with it.
 */
function announceFormat(
  history: FormatHistoryStore,
  sourceId: string,
  input: {
    template: string;
    current: string | null;
    stageChangedAt: number | null;
    effectiveFrom: number;
    actor: string;
    stage: StageTarget;
  },
): FormatChange | null {
  const changes = history.readFormatChanges(sourceId);
  const latest = changes.at(-1);
  if (latest && input.current !== null && latest.template !== input.current) {
    const after = latest.effectiveFrom ?? -Infinity;
    const known =
      input.stageChangedAt !== null &&
      input.stageChangedAt > after &&
      input.stageChangedAt < input.effectiveFrom;
    history.appendFormatChange(sourceId, {
      template: input.current,
      effectiveFrom: known
        ? (input.stageChangedAt as number)
        : Math.max(after + 1, input.effectiveFrom - 1),
      changedBy: 'outside the dashboard',
      name: known
        ? 'changed outside the dashboard (time: when API Gateway last changed the stage)'
        : 'changed outside the dashboard (time unknown)',
      stage: input.stage,
    });
  }
  const before = new Set(changes.map((c) => c.id));
  const stored = history.appendFormatChange(sourceId, {
    template: input.template,
    effectiveFrom: input.effectiveFrom,
    changedBy: input.actor,
    stage: input.stage,
    previousTemplate: input.current,
  });
  return before.has(stored.id) ? null : stored;
}

function rollBack(
  history: FormatHistoryStore,
  sourceId: string | null,
  announced: FormatChange | null,
): 'none' | 'done' | 'failed' {
  if (!sourceId || !announced) return 'none';
  try {
    history.removeFormatChange(sourceId, announced.id);
    return 'done';
  } catch {
    return 'failed';
  }
}

function savedMessage(intent: SaveIntent, sourceId: string | null): string {
  if (intent === 'disable') {
    return 'Access logging is off for this stage: API Gateway stops delivering its records.';
  }
  return sourceId
    ? `Saved. Records written from now on use the new format; the dashboard source "${sourceId}" keeps reading older objects with the previous one.`
    : 'Saved. This stage feeds no dashboard source, so no format history was recorded.';
}

function conflictState(
  intent: SaveIntent,
  loaded: AccessLogSettingsValue | null,
  current: AccessLogSettingsValue | null,
): SaveSettingsState {
  return {
    status: 'conflict',
    attempted: intent,
    message:
      "Someone changed this stage's access-log settings after you opened it; nothing was written. Compare the versions below, then save again to replace theirs with yours.",
    loaded,
    current,
  };
}

function failureState(error: ApiGatewayError, intent: SaveIntent): SaveSettingsState {
  switch (error.kind) {
    case 'invalid':
      return { status: 'invalid', message: error.message, issues: error.errors };
    case 'conflict':
      return conflictState(intent, error.loaded, error.current);
    case 'credentials':
    case 'unavailable':
      return { status: 'failed', kind: error.kind, message: error.message, awsMessage: null };
    default:
      return {
        status: 'failed',
        kind: error.kind,
        message: error.message,
        awsMessage: error.awsMessage,
      };
  }
}

function refusal(kind: 'audit' | 'history', message: string): SaveSettingsState {
  return { status: 'failed', kind, message, awsMessage: null };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
