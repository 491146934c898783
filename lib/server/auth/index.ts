import 'server-only';
/**
 * Access control: import from here (`@/lib/server/auth`). Every entry point checks for itself;
 * proxy.ts only redirects early for comfort.
 *
 * Pages (async server components):
 *   const user = await requireUser();    // no session -> redirect to /signin, back here afterwards
 *   const admin = await requireAdmin();  // viewer -> 403 page (forbidden())
 *
 * Server actions: the same two calls, FIRST, before parsing input or touching anything:
 *   'use server';
 *   export async function saveFormat(prev: State, form: FormData): Promise<State> {
 *     const admin = await requireAdmin();
 *     ...
 *     await recordAuditEvent({ action: 'settings.change', actor: admin.username, target: stageArn,
 *                              detail: { from: oldFormatId, to: newFormatId } });
 *   }
 *
 * Route handlers (JSON API, export): session cookie OR `Authorization: Bearer <API token>`; tokens
 * are read-only (role viewer, never admin). Failures become 401/403 JSON:
 *   export const GET = withApiCaller(async (request, caller) => { ... });  // caller.kind 'session' | 'token'
 *   export const POST = withApiAdmin(async (request, admin) => { ... });   // admin sessions only
 * or, by hand: `await requireApiCaller(request)` inside try/catch, `authErrorResponse(error)` for AuthError.
 *
 * Audit: `recordAuditEvent({ action, actor, target?, ip?, detail? })` appends to the log admins see at
 * /admin/audit. It throws if the log cannot be written, so a settings change can refuse to proceed.
 */
export { getCurrentUser, requireAdmin, requireUser, type SessionUser } from './session';
export {
  AuthError,
  authErrorResponse,
  requireApiAdmin,
  requireApiCaller,
  withApiAdmin,
  withApiCaller,
  type ApiCaller,
} from './api-caller';
export { recordAuditEvent, type AuditAction, type AuditEventInput } from './audit-log';
export { getRequestIp, ipOfRequest } from './request-ip';
