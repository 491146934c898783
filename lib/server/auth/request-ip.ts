import 'server-only';
import { headers } from 'next/headers';
import { clientIpFromForwardedFor } from '@/lib/auth/client-ip';
import { getAuthConfig } from './auth-config';

/** The client address of the current request (server actions, pages), per AUTH_TRUSTED_PROXY_HOPS. */
export async function getRequestIp(): Promise<string> {
  return clientIpFromForwardedFor(
    (await headers()).get('x-forwarded-for'),
    getAuthConfig().trustedProxyHops,
  );
}

/** The same for a route handler's Request. */
export function ipOfRequest(request: Request): string {
  return clientIpFromForwardedFor(
    request.headers.get('x-forwarded-for'),
    getAuthConfig().trustedProxyHops,
  );
}
