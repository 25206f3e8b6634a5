import { join } from 'node:path';
import {
  redisMissingReason,
  startRedis,
  type TestRedis,
} from '../electron/engine/services/testing/redisServer';
import { expect, SCREENSHOTS, test } from './fixtures';

const missing = redisMissingReason();
const PASSWORD = 'e2e-tunnel-pw-4410';

test.describe('a service through a tunnel', () => {
  // Checkable: `command -v redis-server redis-cli`; npm test installs them (Debian redis-server, redis-tools).
  test.skip(
    missing !== null,
    'skipped: redis-server or redis-cli is not on the PATH (npm test installs Debian redis-server with apt-get as root)',
  );

  let redis: TestRedis;
  test.beforeEach(async () => {
    redis = await startRedis({ extra: ['--requirepass', PASSWORD] });
  });
  test.afterEach(async () => {
    await redis.stop();
  });

  test('a Redis with a password: added by tunnel, the password refused, set again, then kept and never shown', async ({
    page,
    greenboard,
  }) => {
    test.setTimeout(90_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(greenboard.url);
    await page.locator('[data-testid="host-card"][data-host-id="local"]').click();
    const section = page.getByTestId('services-section');
    await section.getByTestId('service-add').click();
    const dialog = page.getByTestId('service-form-dialog');

    // The tunnel's own fields replace the client's (OS user, socket).
    await expect(dialog.getByTestId('service-via-peer')).toBeChecked();
    await expect(dialog.getByTestId('service-dbUser')).toHaveCount(0);
    // Redis's default way in is a tunnel: choosing the kind picks it.
    await dialog.getByTestId('service-kind').selectOption('redis');
    await expect(dialog.getByTestId('service-via-tunnel')).toBeChecked();
    await expect(dialog.getByTestId('service-dbUser')).toHaveCount(1);
    await expect(dialog.getByTestId('service-osUser')).toHaveCount(0);
    await dialog.getByTestId('service-port').fill(String(redis.port));
    await dialog.getByTestId('service-password').fill('not-it-93');
    await dialog.screenshot({ path: join(SCREENSHOTS, 'service-form-tunnel.png') });
    await dialog.getByTestId('service-save').click();
    await expect(dialog).toHaveCount(0, { timeout: 20_000 });

    const panel = section.getByTestId('service-panel');
    await expect(panel).toHaveAttribute('data-service-id', `local/redis-${redis.port}`);
    await expect(panel.getByTestId('service-message')).toContainText(
      'Access refused: Redis refused the password',
    );
    await expect(panel.getByTestId('service-password-kept')).toContainText('Password kept');

    // Set again from the panel: read at once, green, and the field is gone.
    await panel.getByRole('button', { name: 'Change…' }).click();
    await panel.getByTestId('service-password').fill(PASSWORD);
    await panel.getByTestId('service-password-save').click();
    await expect(panel).toHaveAttribute('data-state', 'green', { timeout: 20_000 });
    await expect(panel.getByTestId('service-password-kept')).toBeVisible();
    await expect(panel).toContainText('read through a tunnel');
    await panel.screenshot({ path: join(SCREENSHOTS, 'service-tunnel-panel.png') });

    // Neither password is anywhere in the page (its text, its fields' values).
    const html = await page.content();
    expect(html).not.toContain(PASSWORD);
    expect(html).not.toContain('not-it-93');
    expect(pageErrors).toEqual([]);
  });
});
