import { expect, test, type Page } from '@playwright/test';
import { ADMIN_STATE } from './fixtures/accounts';
import { chooseWindow, createS3, inWindow, readJsonRecords, type JsonRecord } from './dashboard-s3';

// Counts on screen against an independent reading of the demo's S3 objects (e2e/dashboard-s3.ts).

let records: JsonRecord[] = [];
let window: { from: number; to: number };

test.beforeAll(async () => {
  const s3 = createS3();
  try {
    records = await readJsonRecords(s3);
  } finally {
    s3.destroy();
  }
  window = chooseWindow(records);
});

const iso = (ms: number) => new Date(ms).toISOString();
const formatted = (n: number) => n.toLocaleString('en-US');

function windowQuery(extra = ''): string {
  return `/?from=${iso(window.from)}&to=${iso(window.to)}${extra}`;
}

async function expectCounts(page: Page, count: number) {
  await expect(page.getByTestId('stat-requests-value')).toHaveText(formatted(count));
  await expect(page.getByTestId('table-total')).toHaveText(formatted(count));
}

async function addFilter(page: Page, field: string, value: string, mode: 'include' | 'exclude') {
  await page.getByTestId('filter-field').selectOption({ label: field });
  await page.getByTestId('filter-mode').selectOption(mode);
  await page.getByTestId('search-box').fill(value);
  await page.getByTestId('filter-add').click();
}

test('filters set in the UI go into the URL, match an independent count, and survive a fresh browser', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const inRange = records.filter((r) => inWindow(r, window));
  const server5xx = inRange.filter((r) => r.status !== null && r.status >= 500);
  const server5xxNotGet = server5xx.filter((r) => r.method !== 'GET');
  expect(inRange.length).toBeGreaterThan(100);
  expect(server5xx.length).toBeGreaterThan(0);

  await page.goto(windowQuery());
  await expectCounts(page, inRange.length);

  await addFilter(page, 'Status', '5xx', 'include');
  await expect(page).toHaveURL(/[?&]status=5xx(&|$)/);
  await expectCounts(page, server5xx.length);

  await addFilter(page, 'Method', 'GET', 'exclude');
  await expect(page).toHaveURL(/[?&]method(!|%21)=GET(&|$)/);
  await expectCounts(page, server5xxNotGet.length);
  await expect(page.getByTestId('filter-chip')).toHaveCount(2);

  // The URL alone carries the view: a new browser context (same sign-in) shows the same numbers.
  const url = page.url();
  const fresh = await browser.newContext({ storageState: ADMIN_STATE });
  try {
    const other = await fresh.newPage();
    await other.goto(url);
    await expectCounts(other, server5xxNotGet.length);
    await expect(other.getByTestId('filter-chip')).toHaveCount(2);
  } finally {
    await fresh.close();
  }

  // Back walks through the filter changes.
  await page.goBack();
  await expect(page).not.toHaveURL(/method/);
  await expectCounts(page, server5xx.length);
  await page.goBack();
  await expectCounts(page, inRange.length);
});

test('removing and inverting chips changes the counts accordingly', async ({ page }) => {
  const inRange = records.filter((r) => inWindow(r, window));
  const gets = inRange.filter((r) => r.method === 'GET');
  await page.goto(windowQuery('&method=GET'));
  await expectCounts(page, gets.length);
  await page.getByRole('button', { name: /^Exclude instead: Method is GET/ }).click();
  await expect(page).toHaveURL(/method(!|%21)=GET/);
  await expectCounts(page, inRange.length - gets.length);
  await page.getByRole('button', { name: /^Remove filter: Method is not GET/ }).click();
  await expectCounts(page, inRange.length);
});

test('dragging across the requests chart zooms the range into the URL', async ({ page }) => {
  await page.goto(windowQuery());
  const chart = page.getByTestId('requests-chart');
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  const box = (await chart.locator('.recharts-surface').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
  await page.mouse.up();
  await expect(page).not.toHaveURL(new RegExp(`from=${encodeURIComponent(iso(window.from))}`));
  const params = new URL(page.url()).searchParams;
  const from = Date.parse(params.get('from') ?? '');
  const to = Date.parse(params.get('to') ?? '');
  expect(from).toBeGreaterThan(window.from);
  expect(to).toBeLessThan(window.to);
  expect(to - from).toBeLessThan((window.to - window.from) / 2);
  // The zoomed view shows exactly the records of the new range.
  const expected = records.filter((r) => inWindow(r, { from, to })).length;
  await expectCounts(page, expected);
});

test('a preset range stays relative in the URL', async ({ page }) => {
  await page.goto('/?range=24h');
  await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '6h' }).click();
  await expect(page).toHaveURL(/[?&]range=6h(&|$)/);
  expect(new URL(page.url()).searchParams.has('from')).toBe(false);
});

test('a row opens its detail; the copied link opens the same request on its own page', async ({
  page,
}) => {
  await page.goto(windowQuery('&sort=latencyMs.desc'));
  const row = page.getByTestId('log-row').first();
  const requestId = await row.getAttribute('data-request-id');
  expect(requestId).toBeTruthy();
  // At the row's left edge: its middle can be a cell's filter button (a long path there once
  // turned this click into a path filter).
  await row.click({ position: { x: 3, y: 3 } });
  await expect(page).toHaveURL(new RegExp(`[?&]row=${requestId}`));
  // Scoped: while a streamed page loads, React may briefly hold a second copy in a hidden node.
  const detail = page.getByTestId('dashboard').getByTestId('detail-panel');
  await expect(detail.getByTestId('record-detail')).toBeVisible();
  await expect(detail.locator('[data-field="requestId"] dd')).toHaveText(requestId!);
  const raw = await detail.getByTestId('detail-raw').textContent();
  expect(raw).toContain(requestId!);
  const link = await detail.getByTestId('copy-request-link').getAttribute('data-copy-text');
  expect(link).toMatch(/^\/requests\//);

  await page.goto(link!);
  const own = page.getByTestId('request-page');
  await expect(own.locator('[data-field="requestId"] dd')).toHaveText(requestId!);
  await expect(own.getByTestId('detail-raw')).toHaveText(raw!);
  await expect(own.locator('[data-field="objectKey"] dd')).not.toBeEmpty();

  // Escape closes the panel; back reopens it.
  await page.goBack();
  // The panel takes focus once the page is interactive; Escape is handled from then on.
  await expect(detail).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]row=/);
});

test('slash focuses the search box; free text searches the raw records', async ({ page }) => {
  const inRange = records.filter((r) => inWindow(r, window));
  const target = inRange[Math.floor(inRange.length / 2)];
  await page.goto(windowQuery());
  await page.getByTestId('summary').click();
  await page.keyboard.press('/');
  await expect(page.getByTestId('search-box')).toBeFocused();
  await page.keyboard.type(target.requestId);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]q=/);
  await expectCounts(page, 1);
  await expect(page.getByTestId('log-row')).toHaveAttribute('data-request-id', target.requestId);
});

test('sorting and paging are server-side and in the URL', async ({ page }) => {
  await page.goto(windowQuery('&size=25'));
  await page.getByRole('button', { name: 'Sort by Status' }).click();
  await expect(page).toHaveURL(/sort=status\.desc/);
  await expect(page.getByTestId('log-row').first().locator('[data-column="status"]')).toContainText(
    /5\d\d/,
  );
  await page.getByTestId('page-next').click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByTestId('table-range')).toContainText('26–50');
});

test('malformed parameters are named and the rest of the view still applies', async ({ page }) => {
  await page.goto(windowQuery('&status=999x&sort=nope&tz=Mars/Base&method=GET'));
  const problems = page.getByTestId('param-problems');
  await expect(problems).toContainText('status="999x"');
  await expect(problems).toContainText('sort="nope"');
  await expect(problems).toContainText('tz="Mars/Base"');
  await expect(page.getByTestId('filter-chip')).toHaveCount(1);
  const gets = records.filter((r) => inWindow(r, window) && r.method === 'GET');
  await expectCounts(page, gets.length);
});

test('the top routes drill down to concrete paths and slowest requests', async ({ page }) => {
  await page.goto(windowQuery());
  const first = page.getByTestId('top-routes-table').getByTestId('top-row').first();
  const route = await first.getAttribute('data-value');
  await first.getByTestId('top-drill').click();
  await expect(page).toHaveURL(/[?&]drill=/);
  const drill = page.getByTestId('route-drill');
  await expect(drill.getByTestId('drill-paths').getByTestId('top-row').first()).toBeVisible();
  await expect(drill).toContainText(route!);
  await expect(drill.getByTestId('drill-slowest')).toBeVisible();
});

test('the rejects link lists rejected spans for the same range', async ({ page }) => {
  await page.goto(windowQuery('&method=GET'));
  const rejects = page.getByTestId('stat-rejects');
  await expect(rejects).toBeVisible();
  const link = rejects.getByTestId('rejects-link');
  // Zero rejects shows a plain 0; otherwise the number links to the list.
  if ((await link.count()) > 0) await link.click();
  else await page.goto(`/rejects?from=${iso(window.from)}&to=${iso(window.to)}`);
  const panel = page.getByTestId('rejects');
  await expect(panel).toBeVisible();
  await expect(
    panel.getByTestId('rejects-table').or(panel.getByTestId('empty-state')),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: '← Dashboard' })).toHaveAttribute('href', /from=/);
});
