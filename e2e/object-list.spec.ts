import { expect, test } from '@playwright/test';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

// The Playwright webServer runs the demo stack with its embedded S3 on this port (playwright.config.ts).
const s3 = new S3Client({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4670',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

async function keysDeliveredInLastDay(): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: 'demo-apigw-logs', ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const cutoff = Date.now() - 24 * 3_600_000;
  return keys.filter((key) => {
    const [y, m, d, h] = key.split('/').map(Number);
    return Date.UTC(y, m - 1, d, h + 1) > cutoff;
  });
}

test('the dashboard lists the seeded Firehose objects of the last 24 hours', async ({ page }) => {
  const expected = await keysDeliveredInLastDay();
  expect(expected.length).toBeGreaterThan(5);

  await page.goto('/objects');
  const list = page.getByTestId('object-list');
  await expect(list).toBeVisible();
  await expect(page.getByTestId('object-summary')).toContainText(`${expected.length} objects`);
  for (const key of [expected[0], expected[expected.length - 1]]) {
    await expect(list.getByText(key, { exact: true })).toBeVisible();
  }
  await expect(list.locator('tbody tr')).toHaveCount(expected.length);
});

test('the health route reports S3 reachable', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.s3.reachable).toBe(true);
});
