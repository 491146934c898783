import { expect, test, type Page } from '@playwright/test';
import { chooseWindow, createS3, readJsonRecords } from './dashboard-s3';

// The README's pictures of the main views, in both colour schemes. Every run takes them (the views
// must render in both); `UPDATE_SCREENSHOTS=1` writes them to public/screenshots/ for the README,
// otherwise they go to the test's output folder and the working tree stays clean.

let window: { from: number; to: number };

test.beforeAll(async () => {
  const s3 = createS3();
  try {
    window = chooseWindow(await readJsonRecords(s3), 6);
  } finally {
    s3.destroy();
  }
});

test.use({ viewport: { width: 1440, height: 1000 } });

async function settle(page: Page) {
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  await expect(
    page.getByTestId('requests-chart').locator('.recharts-bar-rectangle').first(),
  ).toBeVisible();
  await expect(page.getByTestId('sync-progress')).toHaveCount(0);
  await page.mouse.move(0, 0);
}

function shotPath(name: string, outputPath: (name: string) => string): string {
  return process.env.UPDATE_SCREENSHOTS === '1' ? `public/screenshots/${name}` : outputPath(name);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots in the ${scheme} scheme`, async ({ page }, testInfo) => {
    const out = (name: string) => shotPath(name, (n) => testInfo.outputPath(n));
    await page.emulateMedia({ colorScheme: scheme });
    const range = `from=${new Date(window.from).toISOString()}&to=${new Date(window.to).toISOString()}`;

    await page.goto(`/?${range}`);
    await settle(page);
    await page.screenshot({ path: out(`dashboard-${scheme}.png`), fullPage: true });

    await page.goto(`/?${range}&status=5xx`);
    await settle(page);
    const first = page.getByTestId('top-routes-table').getByTestId('top-row').first();
    await first.getByTestId('top-drill').click();
    await expect(page.getByTestId('route-drill').getByTestId('drill-paths')).toBeVisible();
    await page
      .getByTestId('log-row')
      .first()
      .click({ position: { x: 3, y: 3 } });
    await expect(page.getByTestId('record-detail')).toBeVisible();
    await page.screenshot({ path: out(`detail-${scheme}.png`) });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/?${range}`);
    await settle(page);
    await page.screenshot({ path: out(`phone-${scheme}.png`) });
  });
}
