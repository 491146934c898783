import { withApiCaller } from '@/lib/server/auth';

export const dynamic = 'force-dynamic';

/**
 * Who the server thinks is calling: lets a script check its API token (`curl -H "Authorization:
 * Bearer agl_..." /api/auth/whoami`) before relying on it. Never returns the token or the session.
 */
export const GET = withApiCaller(async (_request, caller) => {
  const body =
    caller.kind === 'token'
      ? {
          kind: 'token',
          role: caller.role,
          token: { id: caller.token.id, name: caller.token.name },
        }
      : {
          kind: 'session',
          role: caller.role,
          username: caller.user.username,
          provider: caller.user.provider,
        };
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
});
