import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Every header item sits on one line, and the header itself is one row. */
async function expectOneLineHeader(page: Page): Promise<void> {
  const header = page.locator('.app-header');
  await expect(header).toBeVisible();
  const box = await header.boundingBox();
  expect(box?.height, 'header height').toBeLessThan(64);
  for (const item of await header.locator('.button, .back-link').all()) {
    const b = await item.boundingBox();
    const label = (await item.textContent())?.trim();
    expect(b?.height, `"${label}" wraps`).toBeLessThanOrEqual(36);
    expect((b?.x ?? 0) + (b?.width ?? 0), `"${label}" overflows`).toBeLessThanOrEqual(900);
  }
}

test('the header fits on one line at 900 px, on the board and on a host page', async ({
  page,
  greenboard,
}) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await page.goto(greenboard.url);
  await expect(page.getByTestId('host-card').first()).toBeVisible();
  await expectOneLineHeader(page);
  await page.getByTestId('host-card').first().click();
  await expect(page.getByTestId('back-link')).toHaveText('← Board');
  await expectOneLineHeader(page);
});
