/**
 * The client address for throttling and the audit log. Next.js fills `X-Forwarded-For` with the
 * socket address only when the header is absent, so entries a client sends itself come first and
 * cannot be trusted. Each trusted reverse proxy appends the address it saw: with `hops` proxies in
 * front, the client is the `hops`-th entry from the right (1 = the rightmost: the socket peer when
 * nothing is in front, or the single load balancer's view of the client).
 */
export function clientIpFromForwardedFor(header: string | null | undefined, hops: number): string {
  if (!header) return 'unknown';
  const entries = header
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) return 'unknown';
  const index = Math.max(0, entries.length - Math.max(1, hops));
  return normalizeIp(entries[index]);
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same client. */
function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return (mapped ? mapped[1] : ip).slice(0, 64);
}
