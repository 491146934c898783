'use server';
/**
 * The settings page's writes. Each action checks the caller first (requireAdmin: a viewer gets 403
 * before any input is read), then parses its input with zod, and never trusts what the page sent
 * beyond that: the stage is re-read from API Gateway before anything is written.
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { parseObject } from '@/lib/formats';
import { renderSampleObject } from '@/lib/access-log-settings/render-preview';
import { getStage } from '@/lib/server/api-gateway/stages';
import { getApiGatewayClients, getApiGatewaySettings } from '@/lib/server/api-gateway-config';
import { getFormatHistoryStore } from '@/lib/server/format-history';
import { getRequestIp, recordAuditEvent, requireAdmin } from '@/lib/server/auth';
import { recordAuditEventSafely } from '@/lib/server/auth/audit-log';
import { buildParsedFieldRows, listExtraValues } from '@/components/settings/preview-model';
import type {
  LinkSourceState,
  PreviewParseResult,
  SaveSettingsState,
} from '@/components/settings/action-types';
import { applyAccessLogChange, stageArn } from './apply-change';
import { listSourceOptions } from './sources';

const PREVIEW_RECORDS = 3;
// Generous against AWS's 1024: the preview should still explain an over-long format, not refuse it.
const MAX_PREVIEW_LENGTH = 8_192;

const settingsValue = z.object({ format: z.string(), destinationArn: z.string() });

/** A hidden field holding JSON: keeps a format's trailing newline exactly (forms turn LF into CRLF). */
const jsonField = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const targetFields = {
  region: z.string().min(1).max(32),
  apiKind: z.enum(['rest', 'http', 'websocket']),
  apiId: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
  stageName: z.string().min(1).max(128),
};

const saveSchema = z.discriminatedUnion('intent', [
  z.object({
    ...targetFields,
    intent: z.literal('save'),
    format: jsonField(z.string().max(MAX_PREVIEW_LENGTH)),
    destinationArn: z.string().trim().max(2048),
    loaded: jsonField(settingsValue.nullable()),
  }),
  z.object({
    ...targetFields,
    intent: z.literal('disable'),
    loaded: jsonField(settingsValue.nullable()),
  }),
]);

export async function saveStageSettings(
  _previous: SaveSettingsState,
  form: FormData,
): Promise<SaveSettingsState> {
  const admin = await requireAdmin();
  const parsed = saveSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return {
      status: 'invalid',
      message: `The request was malformed (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); reload the page.`,
      issues: [],
    };
  }
  const input = parsed.data;
  const target = {
    region: input.region,
    apiKind: input.apiKind,
    apiId: input.apiId,
    stageName: input.stageName,
  };
  if (!getApiGatewaySettings().regions.includes(target.region)) {
    return {
      status: 'failed',
      kind: 'not-found',
      message: `Region ${target.region} is not configured.`,
      awsMessage: null,
    };
  }
  const common = { target, loaded: input.loaded, actor: admin.username, ip: await getRequestIp() };
  const state = await applyAccessLogChange(
    {
      clients: getApiGatewayClients(target.region),
      history: getFormatHistoryStore(),
      audit: (event) => recordAuditEvent(event),
      auditSafely: (event) => recordAuditEventSafely(event),
    },
    input.intent === 'save'
      ? {
          ...common,
          intent: 'save',
          settings: { format: input.format, destinationArn: input.destinationArn },
        }
      : { ...common, intent: 'disable' },
  );
  if (state.status === 'saved') revalidatePath('/settings');
  return state;
}

const linkSchema = z.object({
  ...targetFields,
  sourceId: z.string().max(64),
});

export async function linkStageSource(
  _previous: LinkSourceState,
  form: FormData,
): Promise<LinkSourceState> {
  const admin = await requireAdmin();
  const parsed = linkSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return { status: 'failed', message: 'The request was malformed; reload the page.' };
  const { sourceId: rawSource, ...target } = parsed.data;
  const sourceId = rawSource === '' ? null : rawSource;
  if (sourceId !== null && !listSourceOptions().some((s) => s.id === sourceId)) {
    return { status: 'failed', message: `There is no dashboard source "${sourceId}".` };
  }
  if (!getApiGatewaySettings().regions.includes(target.region)) {
    return { status: 'failed', message: `Region ${target.region} is not configured.` };
  }
  // Only stages that exist can be linked (and a typo in the URL should not create a link).
  const stage = await getStage(getApiGatewayClients(target.region), target);
  if (!stage.ok) return { status: 'failed', message: stage.error.message };

  const store = getFormatHistoryStore();
  const previous = store.findSourceForStage(target);
  if (previous === sourceId) {
    return { status: 'saved', message: 'Nothing to change.', sourceId };
  }
  try {
    await recordAuditEvent({
      action: 'settings.change',
      actor: admin.username,
      target: stageArn(target),
      ip: await getRequestIp(),
      detail: { change: 'stage-source', from: previous, to: sourceId },
    });
    store.linkStageToSource(target, sourceId, { linkedBy: admin.username });
  } catch (error) {
    return {
      status: 'failed',
      message: `Nothing was changed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  revalidatePath('/settings');
  return {
    status: 'saved',
    message: sourceId
      ? `This stage now feeds the dashboard source "${sourceId}"; its format changes are recorded there.`
      : 'This stage no longer feeds a dashboard source.',
    sourceId,
  };
}

const previewSchema = z.object({
  template: z.string().max(MAX_PREVIEW_LENGTH),
  apiKind: z.enum(['rest', 'http', 'websocket']),
});

/**
 * Runs the format engine the dashboard uses on a sample object rendered through the template, so
 * the preview shows what the dashboard will really get (the engine needs Node, hence a server action).
 */
export async function previewParsedFields(
  template: string,
  apiKind: string,
): Promise<PreviewParseResult> {
  await requireAdmin();
  const parsed = previewSchema.safeParse({ template, apiKind });
  if (!parsed.success) return { ok: false, message: 'The format is too long to preview.' };
  if (!/\$context\./.test(parsed.data.template)) {
    return { ok: false, message: 'Add $context variables to see what the dashboard would read.' };
  }
  try {
    const sample = renderSampleObject(parsed.data.template, PREVIEW_RECORDS, {
      apiKind: parsed.data.apiKind,
    });
    const result = parseObject(Buffer.from(sample, 'utf8'), {
      objectKey: 'preview',
      formats: [{ template: parsed.data.template, effectiveFrom: null }],
    });
    const records = result.records.map((r) => r.record);
    return {
      ok: true,
      recordCount: records.length,
      rows: buildParsedFieldRows(records),
      extras: listExtraValues(records),
      rejects: result.rejects
        .slice(0, 3)
        .map((r) => ({ reason: r.reason, raw: r.raw.slice(0, 300) })),
    };
  } catch (error) {
    return {
      ok: false,
      message: `The format engine could not read this format: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
