/** The audit log's vocabulary, shared by the server store and the command-line tools. */

export const AUDIT_ACTIONS = [
  'signin.success',
  'signin.failure',
  'signin.throttled',
  'signin.refused',
  'signout',
  'token.create',
  'token.revoke',
  'user.add',
  'user.remove',
  'user.password-reset',
  'user.role-change',
  'settings.change',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventInput {
  action: AuditAction;
  /** Who did it: a username, an OIDC subject/email, `token:<id>`, `cli:<os user>`, or `anonymous`. */
  actor: string;
  /** What it was done to: a username, a token id, a stage ARN... */
  target?: string;
  ip?: string;
  /** Small structured context (never secrets: no passwords, tokens or hashes). */
  detail?: Record<string, string | number | boolean | null>;
}

export interface AuditEvent extends Required<Omit<AuditEventInput, 'detail'>> {
  id: number;
  at: Date;
  detail: Record<string, string | number | boolean | null>;
}

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
