import { ConfigError, getConfig } from './lib/env';
import { getAuthConfig } from './lib/server/auth/auth-config';

/**
 * Validate configuration when the server starts, so a missing or malformed variable stops start-up
 * with a message naming it instead of failing on the first request.
 */
export function validateConfigAtStartup(): void {
  try {
    getConfig();
    getAuthConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\nSee README.md, "Configuration".\n`);
      process.exit(1);
    }
    throw error;
  }
}
