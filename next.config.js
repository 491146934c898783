// @ts-check

/**
 * Headers every response gets. The Content-Security-Policy (with its per-request nonce) and, behind
 * HTTPS, Strict-Transport-Security come from proxy.ts, because they depend on the request or on
 * runtime configuration; these are the same for all.
 */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Dashboard URLs carry filters (client IPs, user ids): never leak them to other sites.
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings', 's3rver', 'esbuild'],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // forbidden() in requireAdmin(): a viewer gets a real 403, not a redirect or an empty page.
    authInterrupts: true,
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

module.exports = nextConfig;
