import 'server-only';
/** SDK stage objects (v1 camelCase, v2 PascalCase) -> one StageSnapshot shape. */
import { parseDestinationArn } from '@/lib/access-log-settings/destination-arn';
import type { AccessLogSettingsValue } from '@/lib/access-log-settings/patch-operations';
import type { StageRef, StageSnapshot } from './types';

/** The members we read of v1 Stage / UpdateStage output. */
interface RestStageLike {
  stageName?: string;
  description?: string;
  accessLogSettings?: { destinationArn?: string; format?: string };
  lastUpdatedDate?: Date;
}

/** The members we read of v2 Stage / GetStage / UpdateStage output. */
interface V2StageLike {
  StageName?: string;
  Description?: string;
  AccessLogSettings?: { DestinationArn?: string; Format?: string };
  LastUpdatedDate?: Date;
}

function toSettings(
  destinationArn: string | undefined,
  format: string | undefined,
): AccessLogSettingsValue | null {
  if (!destinationArn && !format) return null;
  return { destinationArn: destinationArn ?? '', format: format ?? '' };
}

function destinationTypeOf(
  settings: AccessLogSettingsValue | null,
): StageSnapshot['destinationType'] {
  if (!settings) return null;
  return parseDestinationArn(settings.destinationArn)?.type ?? 'unknown';
}

export function snapshotRestStage(apiId: string, stage: RestStageLike): StageSnapshot {
  const accessLog = toSettings(
    stage.accessLogSettings?.destinationArn,
    stage.accessLogSettings?.format,
  );
  return {
    ref: { apiKind: 'rest', apiId, stageName: stage.stageName ?? '' },
    description: stage.description ?? null,
    accessLog,
    destinationType: destinationTypeOf(accessLog),
    lastUpdatedDate: stage.lastUpdatedDate ?? null,
  };
}

export function snapshotV2Stage(
  ref: Omit<StageRef, 'stageName'>,
  stage: V2StageLike,
): StageSnapshot {
  const accessLog = toSettings(
    stage.AccessLogSettings?.DestinationArn,
    stage.AccessLogSettings?.Format,
  );
  return {
    ref: { ...ref, stageName: stage.StageName ?? '' },
    description: stage.Description ?? null,
    accessLog,
    destinationType: destinationTypeOf(accessLog),
    lastUpdatedDate: stage.LastUpdatedDate ?? null,
  };
}
