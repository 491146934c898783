'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import {
  AccountError,
  addAccount,
  removeAccount,
  setAccountPassword,
  setAccountRole,
} from '@/lib/auth/accounts';
import { generatePassword } from '@/lib/auth/password';
import { ROLES } from '@/lib/auth/roles';
import { getRequestIp, recordAuditEvent, requireAdmin } from '@/lib/server/auth';
import { getAuthConfig } from '@/lib/server/auth/auth-config';
import { localUsersFile } from '@/lib/server/auth/local-accounts';
import type { ActionState } from '../_components/action-state';

const usernameField = z.string().trim().min(1).max(64);
const addSchema = z.object({
  username: usernameField,
  role: z.enum(ROLES),
  password: z.string().max(1024).optional(),
});
const targetSchema = z.object({ username: usernameField });
const roleSchema = z.object({ username: usernameField, role: z.enum(ROLES) });

function field(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** Runs a user change for an admin: auth first, then input, then the change, then the audit entry. */
async function runChange(
  change: (admin: { username: string }, ip: string) => Promise<ActionState>,
): Promise<ActionState> {
  const admin = await requireAdmin();
  if (!getAuthConfig().localAccounts) {
    return { status: 'error', message: 'Local accounts are turned off (LOCAL_ACCOUNTS=false).' };
  }
  try {
    const state = await change(admin, await getRequestIp());
    revalidatePath('/admin/users');
    return state;
  } catch (error) {
    if (error instanceof AccountError) return { status: 'error', message: error.message };
    throw error;
  }
}

export async function addUserAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runChange(async (admin, ip) => {
    const parsed = addSchema.safeParse({
      username: field(form, 'username'),
      role: field(form, 'role'),
      password: field(form, 'password') || undefined,
    });
    if (!parsed.success) return { status: 'error', message: 'Give a username and a role.' };
    const generated = parsed.data.password === undefined;
    const password = parsed.data.password ?? generatePassword();
    const account = await addAccount(localUsersFile(), { ...parsed.data, password });
    await recordAuditEvent({
      action: 'user.add',
      actor: admin.username,
      target: account.username,
      ip,
      detail: { role: account.role, via: 'admin page' },
    });
    return {
      status: 'ok',
      message: `Added ${account.username} (${account.role}).`,
      ...(generated
        ? { secret: { label: `Password for ${account.username}`, value: password } }
        : {}),
    };
  });
}

export async function removeUserAction(
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runChange(async (admin, ip) => {
    const parsed = targetSchema.safeParse({ username: field(form, 'username') });
    if (!parsed.success) return { status: 'error', message: 'Which user?' };
    await removeAccount(localUsersFile(), parsed.data.username);
    await recordAuditEvent({
      action: 'user.remove',
      actor: admin.username,
      target: parsed.data.username,
      ip,
    });
    return { status: 'ok', message: `Removed ${parsed.data.username}.` };
  });
}

export async function resetPasswordAction(
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runChange(async (admin, ip) => {
    const parsed = targetSchema.safeParse({ username: field(form, 'username') });
    if (!parsed.success) return { status: 'error', message: 'Which user?' };
    const password = generatePassword();
    await setAccountPassword(localUsersFile(), parsed.data.username, password);
    await recordAuditEvent({
      action: 'user.password-reset',
      actor: admin.username,
      target: parsed.data.username,
      ip,
    });
    return {
      status: 'ok',
      message: `New password set; ${parsed.data.username}'s open sessions have ended.`,
      secret: { label: `New password for ${parsed.data.username}`, value: password },
    };
  });
}

export async function changeRoleAction(
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runChange(async (admin, ip) => {
    const parsed = roleSchema.safeParse({
      username: field(form, 'username'),
      role: field(form, 'role'),
    });
    if (!parsed.success) return { status: 'error', message: 'Choose a role.' };
    await setAccountRole(localUsersFile(), parsed.data.username, parsed.data.role);
    await recordAuditEvent({
      action: 'user.role-change',
      actor: admin.username,
      target: parsed.data.username,
      ip,
      detail: { role: parsed.data.role },
    });
    return { status: 'ok', message: `${parsed.data.username} is now ${parsed.data.role}.` };
  });
}
