import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';
import { getAuthConfig } from '@/lib/server/auth/auth-config';
import { ipOfRequest } from '@/lib/server/auth/request-ip';

export const dynamic = 'force-dynamic';

interface RouteContext {
  params: Promise<{ nextauth: string[] }>;
}

// Options are built per request so the OIDC callbacks know the client address for the audit log.
async function handle(request: NextRequest, context: RouteContext): Promise<Response> {
  const options = buildAuthOptions(getAuthConfig(), { ip: ipOfRequest(request) });
  return NextAuth(request, context, options) as Promise<Response>;
}

export { handle as GET, handle as POST };
