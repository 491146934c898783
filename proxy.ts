/**
 * Runs before every route: stamps each response with a Content-Security-Policy carrying a fresh
 * nonce (Next.js applies it to its own scripts), and sends page visits without a session cookie
 * to sign-in. That redirect is a convenience only: pages, route handlers and server actions check
 * the session and role themselves (lib/server/auth), so API calls and server actions pass through
 * to those checks untouched.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { buildSignInPath } from '@/lib/auth/callback-url';
import { classifyPath, isApiPath } from '@/lib/auth/route-access';
import { buildContentSecurityPolicy, generateNonce } from '@/lib/auth/security-headers';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

function hasSessionCookie(request: NextRequest): boolean {
  // next-auth splits large tokens into `<name>.0`, `<name>.1`, ...
  return request.cookies
    .getAll()
    .some(({ name }) => SESSION_COOKIES.some((c) => name === c || name.startsWith(`${c}.`)));
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const https = (process.env.NEXTAUTH_URL ?? '').startsWith('https:');
  const isNavigation = request.method === 'GET' || request.method === 'HEAD';

  if (
    isNavigation &&
    !isApiPath(pathname) &&
    classifyPath(pathname) !== 'public' &&
    !hasSessionCookie(request)
  ) {
    return NextResponse.redirect(new URL(buildSignInPath(`${pathname}${search}`), request.url));
  }

  const nonce = generateNonce();
  const csp = buildContentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV === 'development',
    https,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  // Lets requireUser() send a user whose session ended back to this page after signing in again.
  requestHeaders.set('x-request-path', `${pathname}${search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  if (https)
    response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return response;
}

export const config = {
  // Static build output and the image optimiser carry no page or data; everything else passes here.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
