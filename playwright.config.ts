import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { ADMIN_STATE, E2E_ADMIN } from './e2e/fixtures/accounts';
import { OIDC_ISSUER, OIDC_PORT, oidcAppEnv } from './e2e/fixtures/oidc-accounts';

// Debian's Chromium where it is installed (CI, this project's machines); Playwright's own browser elsewhere.
const systemChromium = '/usr/bin/chromium';
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM ?? (existsSync(systemChromium) ? systemChromium : undefined);

export const E2E_PORT = 3100;
export const E2E_S3_PORT = 4670;

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
      ],
    },
  },
  projects: [
    // Signs in once as admin and as viewer, saving e2e/.auth/*.json (git-ignored).
    { name: 'setup', testMatch: /auth\.setup\.ts$/, use: { ...devices['Desktop Chrome'] } },
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], storageState: ADMIN_STATE },
      dependencies: ['setup'],
    },
  ],
  webServer: [
    {
      // A real OpenID provider for the sign-in tests (e2e/fixtures/oidc-server.ts).
      command: `npx tsx e2e/fixtures/oidc-server.ts --port ${OIDC_PORT} --app-url http://127.0.0.1:${E2E_PORT}`,
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // The same stack as `npm run demo`, on other ports and its own data folder.
      command: `npx tsx --conditions=react-server --openssl-legacy-provider scripts/demo.ts --port ${E2E_PORT} --s3-port ${E2E_S3_PORT} --apigw-port 4610 --live-every 5 --data-dir .data/e2e --seed 7 --lines 50000 --quiet`,
      url: `http://127.0.0.1:${E2E_PORT}/api/health`,
      timeout: 360_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        ADMIN_PASSWORD: E2E_ADMIN.password,
        // The browser talks to 127.0.0.1: sign-in redirects and cookies must use the same host.
        NEXTAUTH_URL: `http://127.0.0.1:${E2E_PORT}`,
        // Every test signs in from 127.0.0.1; the per-IP lock is unit-tested, not worth tripping here.
        SIGNIN_MAX_FAILURES_PER_IP: '1000',
        // Objects delivered by a test show up within seconds instead of the default minute.
        SYNC_INTERVAL_SECONDS: '5',
        ...oidcAppEnv(),
      },
    },
  ],
});
