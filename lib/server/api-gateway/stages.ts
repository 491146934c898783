import 'server-only';
/**
 * Read and change one stage's access-log settings without lost updates: every write first re-reads
 * the stage and compares its settings with the ones the page loaded; if someone else changed them
 * in between, nothing is written and the caller gets both versions to show the difference.
 * (API Gateway has no conditional write, so a change landing between re-read and write can still
 * slip through; the window is one round trip instead of however long the page was open.)
 */
import { GetStageCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import {
  DeleteAccessLogSettingsCommand,
  GetStageCommand as GetV2StageCommand,
  UpdateStageCommand as UpdateV2StageCommand,
} from '@aws-sdk/client-apigatewayv2';
import {
  buildHttpDisableInput,
  buildHttpUpdateStageInput,
  buildRestDisableOperations,
  buildRestUpdateOperations,
  sameAccessLogSettings,
  type AccessLogSettingsValue,
} from '@/lib/access-log-settings/patch-operations';
import { validateAccessLogSettings } from '@/lib/access-log-settings/validate-format';
import type { ApiGatewayClients } from './clients';
import { mapApiGatewayError } from './errors';
import { snapshotRestStage, snapshotV2Stage } from './snapshots';
import type { ApiGatewayResult, IamAction, StageRef, StageSnapshot } from './types';

export async function getStage(
  clients: ApiGatewayClients,
  ref: StageRef,
): Promise<ApiGatewayResult<StageSnapshot>> {
  try {
    if (ref.apiKind === 'rest') {
      const stage = await clients.rest.send(
        new GetStageCommand({ restApiId: ref.apiId, stageName: ref.stageName }),
      );
      return { ok: true, value: snapshotRestStage(ref.apiId, stage) };
    }
    const stage = await clients.v2.send(
      new GetV2StageCommand({ ApiId: ref.apiId, StageName: ref.stageName }),
    );
    return { ok: true, value: snapshotV2Stage(ref, stage) };
  } catch (error) {
    return { ok: false, error: mapApiGatewayError(error, 'apigateway:GET') };
  }
}

export interface UpdateAccessLogOptions {
  settings: AccessLogSettingsValue;
  /** The settings as the page showed them (null: logging was off). */
  loaded: AccessLogSettingsValue | null;
  /** Run our validation first (default). Turning it off lets AWS be the judge, e.g. in tests. */
  validate?: boolean;
}

export async function updateAccessLogSettings(
  clients: ApiGatewayClients,
  ref: StageRef,
  options: UpdateAccessLogOptions,
): Promise<ApiGatewayResult<StageSnapshot>> {
  if (options.validate !== false) {
    const { errors } = validateAccessLogSettings({ apiKind: ref.apiKind, ...options.settings });
    if (errors.length > 0) {
      return {
        ok: false,
        error: { kind: 'invalid', message: errors.map((e) => e.message).join(' '), errors },
      };
    }
  }
  const current = await checkUnchanged(clients, ref, options.loaded);
  if (!current.ok) return current;
  if (sameAccessLogSettings(current.value.accessLog, options.settings)) return current;

  return send('apigateway:PATCH', async () => {
    if (ref.apiKind === 'rest') {
      const stage = await clients.rest.send(
        new UpdateStageCommand({
          restApiId: ref.apiId,
          stageName: ref.stageName,
          patchOperations: buildRestUpdateOperations(options.settings),
        }),
      );
      return snapshotRestStage(ref.apiId, stage);
    }
    const stage = await clients.v2.send(
      new UpdateV2StageCommand(
        buildHttpUpdateStageInput(ref.apiId, ref.stageName, options.settings),
      ),
    );
    return snapshotV2Stage(ref, stage);
  });
}

export async function disableAccessLogs(
  clients: ApiGatewayClients,
  ref: StageRef,
  options: { loaded: AccessLogSettingsValue | null },
): Promise<ApiGatewayResult<StageSnapshot>> {
  const current = await checkUnchanged(clients, ref, options.loaded);
  if (!current.ok) return current;
  if (current.value.accessLog === null) return current;

  if (ref.apiKind === 'rest') {
    return send('apigateway:PATCH', async () => {
      const stage = await clients.rest.send(
        new UpdateStageCommand({
          restApiId: ref.apiId,
          stageName: ref.stageName,
          patchOperations: buildRestDisableOperations(),
        }),
      );
      return snapshotRestStage(ref.apiId, stage);
    });
  }
  return send('apigateway:DELETE', async () => {
    await clients.v2.send(
      new DeleteAccessLogSettingsCommand(buildHttpDisableInput(ref.apiId, ref.stageName)),
    );
    // DeleteAccessLogSettings answers 204 with no body; the stage is otherwise unchanged.
    return {
      ...current.value,
      accessLog: null,
      destinationType: null,
      lastUpdatedDate: new Date(),
    };
  });
}

async function checkUnchanged(
  clients: ApiGatewayClients,
  ref: StageRef,
  loaded: AccessLogSettingsValue | null,
): Promise<ApiGatewayResult<StageSnapshot>> {
  const current = await getStage(clients, ref);
  if (!current.ok) return current;
  if (sameAccessLogSettings(current.value.accessLog, loaded)) return current;
  return {
    ok: false,
    error: {
      kind: 'conflict',
      message:
        "This stage's access-log settings changed since the page loaded them. Review the current settings and save again.",
      loaded,
      current: current.value.accessLog,
      stage: current.value,
    },
  };
}

async function send(
  action: IamAction,
  call: () => Promise<StageSnapshot>,
): Promise<ApiGatewayResult<StageSnapshot>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error: mapApiGatewayError(error, action) };
  }
}
