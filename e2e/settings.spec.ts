/**
 * The settings page against the demo stack: the app talks to the local API Gateway control plane
 * through the SDK, and so does this test to check what really changed (or make a concurrent change).
 *
 * The test brings its own accounts (an admin and a viewer), written to the demo's users file the
 * way the `users` command does; the app reads that file on every request.
 *   E2E_APIGATEWAY_ENDPOINT  the demo's control plane (default http://127.0.0.1:4610)
 *   E2E_DATA_DIR             the app's DATA_DIR (default .data/e2e/store)
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APIGatewayClient, GetStageCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { addAccount, findAccount, setAccountPassword } from '@/lib/auth/accounts';
import type { Role } from '@/lib/auth/roles';
import { usersFilePath } from '@/lib/auth/users-file';
import { findPreset } from '@/lib/formats/presets';
import {
  addLatencyFields,
  addUserAgent,
  endWithNewline,
} from '@/lib/access-log-settings/template-edits';

const ENDPOINT = process.env.E2E_APIGATEWAY_ENDPOINT ?? 'http://127.0.0.1:4610';
const DATA_DIR = path.resolve(process.env.E2E_DATA_DIR ?? '.data/e2e/store');
const STAGE = { restApiId: 'pets4x7k2p', stageName: 'prod' };
const FIREHOSE =
  'arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-demo-pets-prod';
const CLF = findPreset('clf')?.template ?? '';
const JSON_PRESET = findPreset('json')?.template ?? '';
const CSV = findPreset('csv')?.template ?? '';
const JSON_WITH_LATENCY_AND_UA = endWithNewline(addUserAgent(addLatencyFields(JSON_PRESET)));

const ADMIN = {
  username: 'e2e-settings-admin',
  password: 'e2e-settings-admin-pw-1',
  role: 'admin' as Role,
};
const VIEWER = {
  username: 'e2e-settings-viewer',
  password: 'e2e-settings-viewer-pw-1',
  role: 'viewer' as Role,
};

const sdk = new APIGatewayClient({
  region: 'us-east-1',
  endpoint: ENDPOINT,
  credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' },
});

async function readStage() {
  const stage = await sdk.send(new GetStageCommand(STAGE));
  return stage.accessLogSettings ?? null;
}

async function setStageFormat(format: string) {
  await sdk.send(
    new UpdateStageCommand({
      ...STAGE,
      patchOperations: [
        { op: 'replace', path: '/accessLogSettings/destinationArn', value: FIREHOSE },
        { op: 'replace', path: '/accessLogSettings/format', value: format },
      ],
    }),
  );
}

async function ensureAccount(account: { username: string; password: string; role: Role }) {
  const file = usersFilePath(DATA_DIR);
  const existing = await findAccount(file, account.username);
  if (!existing) await addAccount(file, account);
  else await setAccountPassword(file, account.username, account.password);
}

async function signIn(
  browser: Browser,
  account: { username: string; password: string },
): Promise<Page> {
  // A context of its own, without the admin session the project's storageState would bring.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signed-in-user')).toHaveText(account.username);
  return page;
}

async function openDemoStage(page: Page) {
  await page.goto('/settings');
  const row = page.locator(
    `[data-testid="stage-row"][data-api="${STAGE.restApiId}"][data-stage="prod"]`,
  );
  await row.getByRole('link', { name: 'prod' }).click();
  await expect(page).toHaveURL(/\?api=pets4x7k2p&stage=prod$/);
  await expect(page.getByRole('heading', { name: 'pets-api / prod' })).toBeVisible();
  // The parsed preview comes from an effect: once it shows, the editor is hydrated and typing sticks.
  await expect(page.getByTestId('parsed-fields')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

let original: { destinationArn?: string; format?: string } | null = null;

test.beforeAll(async () => {
  await ensureAccount(ADMIN);
  await ensureAccount(VIEWER);
  original = await readStage();
});

test.afterAll(async ({ browser }) => {
  // Put the demo stage back as it was, through the page, so its source's format history follows
  // and the demo's live traffic goes on in the format it had.
  if (!original?.format || !original.destinationArn) return;
  await setStageFormat(CLF);
  // Already as it was (e.g. a retry that began after an earlier attempt restored CLF): the page
  // would have nothing to save.
  if (original.format === CLF && original.destinationArn === FIREHOSE) return;
  const page = await signIn(browser, ADMIN);
  await openDemoStage(page);
  await page.getByTestId('destination-input').fill(original.destinationArn);
  await page.getByTestId('format-input').fill(original.format.replace(/\n$/, ''));
  await page.getByTestId('newline-checkbox').setChecked(original.format.endsWith('\n'));
  await page.getByTestId('save-button').click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  expect(await readStage()).toEqual(original);
  await page.context().close();
});

test.beforeEach(async () => {
  // Every test starts from the demo stage logging the console's CLF preset to its Firehose stream.
  await setStageFormat(CLF);
});

test('an admin switches the demo stage from CLF to JSON with latency and user agent', async ({
  browser,
}) => {
  const page = await signIn(browser, ADMIN);
  await openDemoStage(page);
  await expect(page.getByTestId('current-format-label')).toHaveText('CLF (REST console preset)');

  // The stage feeds the dashboard's source, so the change lands in its format history.
  const sourceSelect = page.getByTestId('source-select');
  if ((await sourceSelect.inputValue()) !== 'default') {
    await sourceSelect.selectOption('default');
    await page.getByRole('button', { name: 'Save link' }).click();
    await expect(page.getByTestId('source-link-status')).toContainText(
      'now feeds the dashboard source "default"',
    );
  }

  const format = page.getByTestId('format-input');
  await page.getByTestId('preset-select').selectOption('json');
  await expect(format).toHaveValue(JSON_PRESET);
  // Before the helpers: the preview says what is missing.
  await expect(
    page.getByTestId('coverage-missing').locator('[data-feature="latency"]'),
  ).toBeVisible();

  await page.getByTestId('helper-latency').click();
  await page.getByTestId('helper-user-agent').click();
  await page.getByTestId('helper-newline').click();
  await expect(page.getByTestId('helper-latency')).toBeDisabled();
  await expect(page.getByTestId('newline-checkbox')).toBeChecked();
  await expect(format).toHaveValue(JSON_WITH_LATENCY_AND_UA.slice(0, -1));

  // The sample record as API Gateway writes it, and the fields the dashboard reads back from it.
  await expect(page.getByTestId('preview-line')).toContainText('"responseLatency":"87"');
  await expect(page.getByTestId('preview-line')).toContainText(
    '"userAgent":"Mozilla/5.0 (Macintosh;',
  );
  const parsed = page.getByTestId('parsed-fields');
  await expect(parsed).toContainText('read 3 of 3 records back');
  await expect(parsed.locator('tr[data-field="latencyMs"] td').first()).toHaveText('87');
  await expect(parsed.locator('tr[data-field="integrationLatencyMs"] td').first()).toHaveText('64');
  await expect(parsed.locator('tr[data-field="userAgent"] td').first()).toContainText(
    'Mozilla/5.0',
  );
  await expect(
    page.getByTestId('coverage-enabled').locator('[data-feature="latency"]'),
  ).toBeVisible();
  await expect(
    page.getByTestId('coverage-missing').locator('[data-feature="latency"]'),
  ).toHaveCount(0);

  const before = Date.now();
  await page.getByTestId('save-button').click();
  const status = page.getByTestId('save-status');
  await expect(status).toHaveAttribute('data-status', 'saved');
  await expect(status).toContainText('Recorded in the format history of source "default"');

  expect(await readStage()).toEqual({ destinationArn: FIREHOSE, format: JSON_WITH_LATENCY_AND_UA });
  // The page shows the new state after the save (re-rendered from API Gateway).
  await expect(page.getByTestId('current-format-label')).toHaveText('Custom format');
  await expect(page.getByTestId('save-button')).toBeDisabled();

  const history = JSON.parse(readFileSync(path.join(DATA_DIR, 'format-history.json'), 'utf8')) as {
    sources: Record<
      string,
      { template: string; effectiveFrom: number | null; changedBy: string }[]
    >;
  };
  const latest = history.sources.default.at(-1);
  expect(latest).toMatchObject({ template: JSON_WITH_LATENCY_AND_UA, changedBy: ADMIN.username });
  expect(latest?.effectiveFrom).toBeGreaterThanOrEqual(before - 1000);
  expect(history.sources.default.some((v) => v.template === CLF)).toBe(true);
  await page.context().close();
});

/** An absolute instant as the dashboard's `from`/`to` parameters take it (whole seconds, UTC). */
function urlInstant(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

test('latency charts fill in after the next generated objects while older data still shows', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await signIn(browser, ADMIN);

  // Before the change: the whole history loads, and note its rejects.
  await page.goto('/?range=7d');
  const rejectsBefore = await page.getByTestId('stat-rejects-value').innerText();

  await openDemoStage(page);
  await page.getByTestId('preset-select').selectOption('json');
  await page.getByTestId('helper-latency').click();
  await page.getByTestId('helper-user-agent').click();
  await page.getByTestId('helper-newline').click();
  await page.getByTestId('save-button').click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  const switchedAt = Date.now();

  // The demo's live traffic (--live-every in playwright.config.ts) now writes the new format:
  // once its objects are loaded, the period after the change has latency percentiles and a chart.
  const after = `/?from=${urlInstant(switchedAt)}&to=${urlInstant(switchedAt + 3_600_000)}`;
  await expect(async () => {
    await page.goto(after);
    await expect(page.getByTestId('stat-latency')).toContainText('p95', { timeout: 5_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  await expect(page.getByTestId('latency-chart')).toBeVisible();
  await expect(page.getByTestId('no-latency')).toHaveCount(0);

  // Older objects keep parsing with the format they were written in: still there, no new rejects.
  await page.goto('/?range=7d');
  const requests = Number(
    (await page.getByTestId('stat-requests-value').innerText()).replace(/\D/g, ''),
  );
  expect(requests).toBeGreaterThan(40_000);
  await expect(page.getByTestId('stat-rejects-value')).toHaveText(rejectsBefore);
  await page.context().close();
});

test('validation errors show next to the field and block saving', async ({ browser }) => {
  const page = await signIn(browser, ADMIN);
  await openDemoStage(page);
  const format = page.getByTestId('format-input');
  await format.fill('$context.identity.sourceIp $context.status $input.body');
  const formatIssues = page.getByTestId('format-issues');
  await expect(formatIssues.locator('[data-code="missing-request-id"]')).toContainText(
    'must contain $context.requestId or $context.extendedRequestId',
  );
  await expect(formatIssues.locator('[data-code="not-context-variable"]')).toContainText(
    '"$input.body"',
  );
  await expect(format).toHaveAttribute('aria-invalid', 'true');

  const destination = page.getByTestId('destination-input');
  await destination.fill('arn:aws:firehose:us-east-1:123456789012:deliverystream/my-stream');
  await expect(
    page.getByTestId('destination-issues').locator('[data-code="firehose-stream-name"]'),
  ).toContainText('must start with "amazon-apigateway-"');

  await expect(page.getByTestId('save-button')).toBeDisabled();
  await expect(page.getByTestId('save-blocked')).toHaveText('Fix 3 errors above to save.');

  // A line break in the middle (pasted) is refused with AWS's own words.
  await destination.fill(FIREHOSE);
  await format.fill('$context.requestId\n$context.status');
  await expect(formatIssues.locator('[data-code="multi-line"]')).toContainText(
    'Access Log format must be single line',
  );
  await expect(page.getByTestId('save-button')).toBeDisabled();

  // The picker inserts at the cursor; with a request id the format becomes valid.
  await format.fill('$context.status  $context.identity.sourceIp');
  await format.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(16, 16));
  await page.getByTestId('variable-search').fill('support asks');
  await page
    .getByTestId('variable-list')
    .locator('[data-variable="$context.extendedRequestId"]')
    .click();
  await expect(format).toHaveValue(
    '$context.status $context.extendedRequestId $context.identity.sourceIp',
  );
  await expect(formatIssues.locator('[data-code]')).toHaveCount(1); // only the no-trailing-newline warning
  await expect(formatIssues.locator('[data-code="no-trailing-newline"]')).toBeVisible();
  await expect(page.getByTestId('save-button')).toBeEnabled();

  expect(await readStage()).toEqual({ destinationArn: FIREHOSE, format: CLF });
  await page.context().close();
});

test('an admin turns access logging off and on again', async ({ browser }) => {
  const page = await signIn(browser, ADMIN);
  await openDemoStage(page);
  await page.getByTestId('disable-button').click();
  await page.getByTestId('confirm-disable').click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expect(page.getByTestId('logging-off')).toBeVisible();
  await expect(page.getByTestId('current-format-label')).toHaveText('Access logging is off');
  expect(await readStage()).toBeNull();

  // The form keeps the last format and destination, so turning logging back on is one click.
  const save = page.getByTestId('save-button');
  await expect(save).toHaveText('Turn on logging with this format');
  await save.click();
  await expect(page.getByTestId('logging-off')).toHaveCount(0);
  expect(await readStage()).toEqual({ destinationArn: FIREHOSE, format: CLF });
  await page.context().close();
});

test('a concurrent change is detected and the difference shown before saving again', async ({
  browser,
}) => {
  const page = await signIn(browser, ADMIN);
  await openDemoStage(page);
  await page.getByTestId('helper-latency').click();
  const mine = addLatencyFields(CLF);

  // Someone else changes the stage between page load and save.
  await setStageFormat(CSV);
  await page.getByTestId('save-button').click();
  const status = page.getByTestId('save-status');
  await expect(status).toHaveAttribute('data-status', 'conflict');
  const diff = page.getByTestId('conflict-diff');
  await expect(diff).toBeVisible();
  // CLF (space-separated, bracketed time) was replaced by CSV (comma-separated) meanwhile.
  const formatDiff = diff.getByTestId('diff-format');
  await expect(formatDiff.locator('del').first()).toBeVisible();
  await expect(formatDiff.locator('ins').first()).toContainText(',');
  await expect(diff.getByTestId('diff-destination')).toHaveAttribute('data-changed', 'false');
  expect(await readStage()).toEqual({ destinationArn: FIREHOSE, format: CSV });

  // Asked again, the admin's version replaces theirs.
  const save = page.getByTestId('save-button');
  await expect(save).toHaveText('Save over the current settings');
  await save.click();
  await expect(status).toHaveAttribute('data-status', 'saved');
  expect(await readStage()).toEqual({ destinationArn: FIREHOSE, format: mine });
  await page.context().close();
});

test('a viewer can neither open the settings page nor call its save action', async ({
  browser,
}) => {
  // Record the save action request an admin's browser would send, without letting it through.
  const admin = await signIn(browser, ADMIN);
  await openDemoStage(admin);
  await admin.getByTestId('preset-select').selectOption('csv');
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | null = null;
  await admin.route(
    (url) => url.pathname === '/settings',
    async (route) => {
      const request = route.request();
      if (request.method() === 'POST' && request.headers()['next-action']) {
        captured = {
          url: request.url(),
          headers: request.headers(),
          body: request.postDataBuffer() ?? Buffer.alloc(0),
        };
        await route.abort();
      } else {
        await route.continue();
      }
    },
  );
  await admin.getByTestId('save-button').click();
  await expect.poll(() => captured !== null).toBe(true);
  // The lost request is reported on the form, not as a broken page.
  await expect(admin.getByTestId('save-status')).toHaveAttribute('data-kind', 'unavailable');
  const call = captured as unknown as {
    url: string;
    headers: Record<string, string>;
    body: Buffer;
  };
  expect(await readStage()).toEqual({ destinationArn: FIREHOSE, format: CLF });

  const viewer = await signIn(browser, VIEWER);
  const response = await viewer.goto('/settings?api=pets4x7k2p&stage=prod');
  expect(response?.status()).toBe(403);
  await expect(viewer.getByTestId('stage-list')).toHaveCount(0);
  await expect(viewer.getByTestId('format-input')).toHaveCount(0);

  const replay = (page: Page) =>
    page.request.post(call.url, {
      headers: {
        'next-action': call.headers['next-action'],
        'content-type': call.headers['content-type'],
        accept: call.headers.accept ?? 'text/x-component',
        'next-router-state-tree': call.headers['next-router-state-tree'] ?? '',
      },
      data: call.body,
      maxRedirects: 0,
    });
  const refused = await replay(viewer);
  expect(refused.status()).toBe(403);
  expect(await readStage()).toEqual({ destinationArn: FIREHOSE, format: CLF });

  // The same request from the admin goes through: the refusal was about who asked.
  const accepted = await replay(admin);
  expect(accepted.status()).toBe(200);
  await expect.poll(async () => (await readStage())?.format).toBe(CSV);
  await admin.context().close();
  await viewer.context().close();
});
