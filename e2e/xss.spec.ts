import { expect, test, type Page } from '@playwright/test';
import { createS3, deliverHostileRequests, HOSTILE } from './dashboard-s3';

// Records whose user agent and path carry <script> and <img onerror> payloads must render as text
// everywhere the dashboard shows them: table, detail panel, top-N panels, chart menus, export.

let ids: string[] = [];

test.beforeAll(async () => {
  const s3 = createS3();
  try {
    ids = await deliverHostileRequests(s3);
  } finally {
    s3.destroy();
  }
});

/** Fails the test if anything the payloads would do happens: a dialog, a new element, a request. */
function watchForInjection(page: Page): () => void {
  const dialogs: string[] = [];
  const requests: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url.includes('evil.example') || /\/x$/.test(new URL(url).pathname)) requests.push(url);
  });
  return () => {
    expect(dialogs, 'a payload opened a dialog').toEqual([]);
    expect(requests, 'a payload made a request').toEqual([]);
  };
}

async function expectNoInjectedElements(page: Page) {
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('svg[onload]')).toHaveCount(0);
  const scripts = await page
    .locator('script')
    .evaluateAll((nodes) =>
      nodes.map((n) => n.textContent ?? '').filter((t) => t.includes('alert(')),
    );
  // Next's own inline scripts carry the RSC payload, where the values are JSON string data.
  for (const text of scripts) expect(text).not.toMatch(/<script>alert\(|^alert\(/);
}

test('script and onerror payloads in user agent and path render as text', async ({ page }) => {
  test.setTimeout(180_000);
  const check = watchForInjection(page);
  const query = `/?range=1h&requestId=${ids.join(',')}&cols=time,status,path,userAgent,requestId`;
  // The current hour is listed again at most once a minute (SYNC_INTERVAL_SECONDS): wait for it.
  await expect(async () => {
    await page.goto(query);
    await expect(page.getByTestId('log-row')).toHaveCount(ids.length, { timeout: 10_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });

  const table = page.getByTestId('log-table');
  await expect(table.getByText(HOSTILE.userAgent, { exact: true })).toBeVisible();
  await expect(table.getByText(HOSTILE.path, { exact: true })).toBeVisible();
  await expect(table.getByText(HOSTILE.quotedUserAgent, { exact: true })).toBeVisible();
  await expectNoInjectedElements(page);

  // Top-N panels show the values as labels.
  await expect(
    page.getByTestId('top-user-agents-table').getByText(HOSTILE.userAgent, { exact: true }),
  ).toBeVisible();

  // Detail panel: every field and the raw record as text.
  await page
    .getByTestId('log-row')
    .filter({ hasText: HOSTILE.path })
    .click({ position: { x: 3, y: 3 } });
  const detail = page.getByTestId('detail-panel');
  await expect(detail.getByTestId('detail-path')).toHaveText(HOSTILE.path);
  await expect(detail.locator('[data-field="userAgent"] dd')).toHaveText(HOSTILE.userAgent);
  await expect(detail.getByTestId('detail-raw')).toContainText(HOSTILE.userAgent);
  await expectNoInjectedElements(page);

  // Clicking the value into a filter chip keeps it text too.
  await page.keyboard.press('Escape');
  const cell = page.locator('[data-column="userAgent"]').filter({ hasText: HOSTILE.userAgent });
  await cell.hover();
  await cell.getByTestId('cell-include').click();
  await expect(
    page.getByTestId('filter-chip').filter({ hasText: HOSTILE.userAgent }),
  ).toBeVisible();

  // The status chart's menu and the drill-down of the route list the path as text.
  await page.goto(
    `/?range=1h&requestId=${ids.join(',')}&drill=${encodeURIComponent('/search/{proxy+}')}`,
  );
  await expect(
    page.getByTestId('drill-paths').getByText(HOSTILE.path, { exact: true }),
  ).toBeVisible();
  await expectNoInjectedElements(page);
  check();
});

test('the CSV export keeps payloads as data and neutralises a formula', async ({ request }) => {
  test.setTimeout(180_000);
  const url = `/api/export?range=1h&requestId=${ids.join(',')}&format=csv&cols=requestId,userAgent,path`;
  let lines: string[] = [];
  // As above: the objects delivered in beforeAll become visible with the next listing.
  await expect(async () => {
    const response = await request.get(url);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    lines = (await response.text()).split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(ids.length + 1);
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  expect(lines[0]).toBe('requestId,userAgent,path');
  const byId = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf(',')), l]));
  expect(byId.get(ids[0])).toBe(`${ids[0]},${HOSTILE.userAgent},${HOSTILE.path}`);
  // Quotes are doubled inside a quoted field; the value is the payload, unchanged.
  expect(byId.get(ids[1])).toBe(
    `${ids[1]},"${HOSTILE.quotedUserAgent.replace(/"/g, '""')}","${HOSTILE.quotedPath.replace(/"/g, '""')}"`,
  );
  // The formula cell starts with an apostrophe, so a spreadsheet shows it instead of running it.
  expect(byId.get(ids[2])).toBe(`${ids[2]},'${HOSTILE.formulaUserAgent},/search/pets`);
});
