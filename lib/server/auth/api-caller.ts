import 'server-only';
/**
 * Who is calling a JSON API or export route: a signed-in user (session cookie) or a script with an
 * API token (`Authorization: Bearer agl_...`). Tokens are read-only: they act as a viewer, never
 * as an admin. Failures are AuthErrors that become 401/403 JSON responses.
 */
import { parseBearerHeader } from '@/lib/auth/api-token-format';
import type { Role } from '@/lib/auth/roles';
import { verifyApiToken } from './api-tokens';
import { getCurrentUser, type SessionUser } from './session';

export type ApiCaller =
  | { kind: 'session'; role: Role; user: SessionUser; actor: string }
  | { kind: 'token'; role: 'viewer'; token: { id: string; name: string }; actor: string };

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly code: 'unauthenticated' | 'invalid_token' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** The JSON response for an AuthError: `{ error, message }` with 401 or 403, never cached. */
export function authErrorResponse(error: AuthError): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (error.status === 401) {
    headers['WWW-Authenticate'] =
      error.code === 'invalid_token' ? 'Bearer error="invalid_token"' : 'Bearer realm="api"';
  }
  return Response.json(
    { error: error.code, message: error.message },
    { status: error.status, headers },
  );
}

/**
 * The caller of an API route, or throws AuthError(401). A request that presents a bearer token is
 * judged by the token alone: a bad token is refused even if a session cookie is also present.
 */
export async function requireApiCaller(request: Request): Promise<ApiCaller> {
  const bearer = parseBearerHeader(request.headers.get('authorization'));
  if (bearer.kind === 'malformed') {
    throw new AuthError(
      401,
      'invalid_token',
      'The Authorization header must be "Bearer <API token>".',
    );
  }
  if (bearer.kind === 'token') {
    const token = await verifyApiToken(bearer.token);
    if (!token)
      throw new AuthError(401, 'invalid_token', 'The API token is unknown or has been revoked.');
    return { kind: 'token', role: 'viewer', token, actor: `token:${token.id}` };
  }
  const user = await getCurrentUser();
  if (!user) throw new AuthError(401, 'unauthenticated', 'Sign in or send an API token.');
  return { kind: 'session', role: user.role, user, actor: user.username };
}

/** An admin's session, or throws AuthError: 401 without one, 403 for viewers and for any API token. */
export async function requireApiAdmin(request: Request): Promise<SessionUser> {
  const caller = await requireApiCaller(request);
  if (caller.kind !== 'session' || caller.role !== 'admin') {
    throw new AuthError(
      403,
      'forbidden',
      'This needs an admin signed in; API tokens are read-only.',
    );
  }
  return caller.user;
}

type Handler<Ctx, Who> = (request: Request, who: Who, context: Ctx) => Response | Promise<Response>;

function guard<Ctx, Who>(check: (request: Request) => Promise<Who>, handler: Handler<Ctx, Who>) {
  return async (request: Request, context: Ctx): Promise<Response> => {
    let who: Who;
    try {
      who = await check(request);
    } catch (error) {
      if (error instanceof AuthError) return authErrorResponse(error);
      throw error;
    }
    return handler(request, who, context);
  };
}

/**
 * Wraps a route handler so it runs only for an authenticated caller (session or API token):
 *   export const GET = withApiCaller(async (request, caller) => Response.json(...));
 */
export function withApiCaller<Ctx = unknown>(handler: Handler<Ctx, ApiCaller>) {
  return guard(requireApiCaller, handler);
}

/** Like withApiCaller, for routes that change settings or users: admin sessions only. */
export function withApiAdmin<Ctx = unknown>(handler: Handler<Ctx, SessionUser>) {
  return guard(requireApiAdmin, handler);
}
