import 'server-only';
/** What this app keeps in the session JWT, and the check that a decoded token has it. */
import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';

export const sessionClaimsSchema = z.object({
  username: z.string().min(1),
  provider: z.enum(['local', 'oidc']),
  role: z.enum(ROLES),
  /** Seconds since the epoch when the user signed in: bounds the session's total life. */
  authAt: z.number().int().positive(),
});

export type SessionClaims = z.infer<typeof sessionClaimsSchema>;
