// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings', 's3rver'],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
