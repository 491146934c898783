import { expect, test as setup } from '@playwright/test';
import { ADMIN_STATE, E2E_ADMIN, E2E_VIEWER, VIEWER_STATE } from './fixtures/accounts';
import { expectSignedInAs, signInLocal } from './fixtures/sign-in';

// Signs in once per role and saves the cookies; specs start from these states (playwright.config.ts).

setup('admin signs in and makes sure the viewer account exists', async ({ page }) => {
  await signInLocal(page, E2E_ADMIN);
  await expectSignedInAs(page, E2E_ADMIN.username, 'admin');
  await page.context().storageState({ path: ADMIN_STATE });

  await page.goto('/admin/users');
  const list = page.getByTestId('user-list');
  await expect(list).toBeVisible();
  // A data folder reused from an earlier run may hold the viewer with another password: start afresh.
  const existing = list.locator(`tr[data-username="${E2E_VIEWER.username}"]`);
  if ((await existing.count()) > 0) {
    await existing
      .getByRole('form', { name: `Remove ${E2E_VIEWER.username}` })
      .getByRole('button')
      .click();
    await expect(existing).toHaveCount(0);
  }
  const add = page.getByRole('form', { name: 'Add user' });
  await add.getByLabel('Username').fill(E2E_VIEWER.username);
  await add.getByLabel('Role').selectOption('viewer');
  await add.getByLabel(/^Password/).fill(E2E_VIEWER.password);
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add.getByRole('status')).toHaveText(`Added ${E2E_VIEWER.username} (viewer).`);
  await expect(list.locator(`tr[data-username="${E2E_VIEWER.username}"]`)).toHaveCount(1);
});

setup('viewer signs in', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInLocal(page, E2E_VIEWER);
  await expectSignedInAs(page, E2E_VIEWER.username, 'viewer');
  await context.storageState({ path: VIEWER_STATE });
  await context.close();
});
