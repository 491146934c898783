'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getRequestIp, recordAuditEvent, requireAdmin } from '@/lib/server/auth';
import { createApiToken, normalizeTokenName, revokeApiToken } from '@/lib/server/auth/api-tokens';
import type { ActionState } from '../_components/action-state';

const createSchema = z.object({ name: z.string().max(200) });
const revokeSchema = z.object({ id: z.uuid() });

export async function createTokenAction(
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  const admin = await requireAdmin();
  const parsed = createSchema.safeParse({ name: form.get('name') });
  const name = parsed.success ? normalizeTokenName(parsed.data.name) : null;
  if (name === null)
    return { status: 'error', message: 'Give the token a name (1-100 characters).' };
  const created = await createApiToken({ name, createdBy: admin.username });
  await recordAuditEvent({
    action: 'token.create',
    actor: admin.username,
    target: created.info.id,
    ip: await getRequestIp(),
    detail: { name, hint: created.info.hint },
  });
  revalidatePath('/admin/tokens');
  return {
    status: 'ok',
    message: `Created "${name}". It can read the JSON API and exports, nothing else.`,
    secret: { label: `API token "${name}"`, value: created.token },
  };
}

export async function revokeTokenAction(
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  const admin = await requireAdmin();
  const parsed = revokeSchema.safeParse({ id: form.get('id') });
  if (!parsed.success) return { status: 'error', message: 'Which token?' };
  const result = await revokeApiToken({ id: parsed.data.id, revokedBy: admin.username });
  if (!result.revoked)
    return { status: 'error', message: 'No such token, or it is already revoked.' };
  await recordAuditEvent({
    action: 'token.revoke',
    actor: admin.username,
    target: parsed.data.id,
    ip: await getRequestIp(),
    detail: { name: result.name },
  });
  revalidatePath('/admin/tokens');
  return { status: 'ok', message: `Revoked "${result.name}".` };
}
