import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

// Port 1 on loopback refuses connections: a host that never answers, without a network.
test('an unreachable SSH host says why on its card, and once on its page', async ({ page }, testInfo) => {
  const dataDir = testInfo.outputPath('data');
  const add = spawnSync(
    process.execPath,
    ['bin/greenboard.js', 'hosts', 'add', 'dead-1', '--ssh', 'ops@127.0.0.1:1', '--data-dir', dataDir],
    { encoding: 'utf8' },
  );
  expect(add.status, add.stderr).toBe(0);
  const { served, child } = await startServe(dataDir);
  try {
    await page.goto(served.url);
    const card = page.locator('[data-testid="host-card"][data-host-id="dead-1"]');
    await expect(card.getByTestId('link-problem')).toHaveAttribute('data-link-state', 'unreachable', {
      timeout: 20_000,
    });
    // No reading yet: the card says why, and that it retries, instead of tiles full of dashes.
    const message = card.getByTestId('link-message');
    await expect(message).toContainText('127.0.0.1:1 unreachable: connection refused');
    await expect(card.getByTestId('link-retry')).toHaveText(
      /^Retrying on its own (in about \d+ s|at the next poll)\.$/,
    );
    await expect(card.getByTestId('card-cpu')).toHaveCount(0);
    await expect(card).not.toContainText('—');
    await page.screenshot({ path: join(SCREENSHOTS, 'link-card.png'), fullPage: true });

    // On the host page the message is said once (as the health reason), not again in the panel.
    await card.click();
    const hostPage = page.getByTestId('host-page');
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-link-state', 'unreachable');
    await expect(hostPage.getByText(/unreachable: connection refused/)).toHaveCount(1);
    await expect(page.getByTestId('host-link').getByTestId('link-retry')).toBeVisible();
    await expect(page.getByTestId('no-readings')).toContainText('until the SSH connection works');
    await page.screenshot({ path: join(SCREENSHOTS, 'link-host.png'), fullPage: true });
  } finally {
    await stopServe(child);
  }
});
