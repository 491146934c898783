import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { NO_SESSION } from './fixtures/accounts';
import { chooseWindow, createS3, inWindow, readJsonRecords, type JsonRecord } from './dashboard-s3';

// Export and JSON API against an independent reading of the demo's S3 objects.

let records: JsonRecord[] = [];
let window: { from: number; to: number };

test.beforeAll(async () => {
  const s3 = createS3();
  try {
    records = await readJsonRecords(s3);
  } finally {
    s3.destroy();
  }
  window = chooseWindow(records, 2);
});

const iso = (ms: number) => new Date(ms).toISOString();
const range = () => `from=${iso(window.from)}&to=${iso(window.to)}`;

/** Splits CSV text into rows of fields (RFC 4180: quoted fields may hold commas and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      rows.push(fields);
      fields = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

test('the CSV export downloads exactly the filtered rows', async ({ page }) => {
  const expected = records.filter(
    (r) => inWindow(r, window) && r.status !== null && r.status >= 400 && r.method !== 'GET',
  );
  expect(expected.length).toBeGreaterThan(0);
  await page.goto(`/?${range()}&status=4xx,5xx&method!=GET`);
  await expect(page.getByTestId('table-total')).toHaveText(expected.length.toLocaleString('en-US'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-csv').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^apigw-logs_.*\.csv$/);
  const rows = parseCsv(await readFile((await download.path())!, 'utf8'));
  const header = rows[0];
  const idColumn = header.indexOf('requestId');
  const statusColumn = header.indexOf('status');
  expect(idColumn).toBeGreaterThanOrEqual(0);
  const body = rows.slice(1);
  expect(body).toHaveLength(expected.length);
  expect(new Set(body.map((r) => r[idColumn]))).toEqual(new Set(expected.map((r) => r.requestId)));
  for (const row of body) expect(Number(row[statusColumn])).toBeGreaterThanOrEqual(400);
});

test('NDJSON export streams every matching row, unpaged', async ({ request }) => {
  const expected = records.filter((r) => inWindow(r, window));
  const response = await request.get(`/api/export?${range()}&format=ndjson`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/x-ndjson');
  expect(response.headers()['content-disposition']).toContain('attachment');
  const lines = (await response.text()).trimEnd().split('\n');
  expect(lines).toHaveLength(expected.length);
  const ids = new Set(lines.map((l) => (JSON.parse(l) as { requestId: string }).requestId));
  expect(ids).toEqual(new Set(expected.map((r) => r.requestId)));
});

test('the JSON API answers with the same numbers and names malformed parameters', async ({
  request,
}) => {
  const inRange = records.filter((r) => inWindow(r, window));
  const posts = inRange.filter((r) => r.method === 'POST');
  const rows = await request.get(`/api/rows?${range()}&method=POST&size=10&sort=time.asc`);
  expect(rows.status()).toBe(200);
  const page = (await rows.json()) as { total: number; rows: { method: string; time: number }[] };
  expect(page.total).toBe(posts.length);
  expect(page.rows).toHaveLength(Math.min(10, posts.length));
  expect(page.rows.every((r) => r.method === 'POST')).toBe(true);
  const times = page.rows.map((r) => r.time);
  expect(times).toEqual([...times].sort((a, b) => a - b));

  const aggregates = await request.get(`/api/aggregates?${range()}&top=method,status&n=5`);
  expect(aggregates.status()).toBe(200);
  const body = (await aggregates.json()) as {
    summary: { requests: number };
    top: { method: { value: string; count: number }[] };
    histogram: { buckets: { total: number }[] };
  };
  expect(body.summary.requests).toBe(inRange.length);
  expect(body.histogram.buckets.reduce((s, b) => s + b.total, 0)).toBe(inRange.length);
  expect(body.top.method.find((e) => e.value === 'POST')?.count ?? 0).toBe(posts.length);

  const bad = await request.get('/api/rows?range=2y&ip=not-an-ip&size=0');
  expect(bad.status()).toBe(400);
  const problems = ((await bad.json()) as { problems: string[] }).problems;
  expect(problems).toHaveLength(3);
  expect(problems.join(' ')).toContain('ip="not-an-ip"');
});

test('API routes refuse callers without a session or token', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: NO_SESSION });
  try {
    for (const path of ['/api/rows', '/api/aggregates', '/api/export', '/api/progress']) {
      const response = await anonymous.get(path);
      expect(response.status(), path).toBe(401);
    }
  } finally {
    await anonymous.dispose();
  }
});
