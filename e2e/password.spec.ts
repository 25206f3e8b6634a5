import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startSshd, type TestSshd } from '../electron/engine/ssh/testing/sshd';
import { expect, SCREENSHOTS, startServe, stopServe, test } from './fixtures';

/** A login of its own with a password: the key-only test user is left as it is. */
const PW_USER = 'gbpwtest';

function passwordUser(password: string): void {
  try {
    execFileSync('id', ['-u', PW_USER], { stdio: 'ignore' });
  } catch {
    execFileSync(
      'useradd',
      ['--system', '--shell', '/bin/sh', '--create-home', '--home-dir', `/var/lib/${PW_USER}`, PW_USER],
      {
        stdio: 'ignore',
      },
    );
  }
  execFileSync('chpasswd', { input: `${PW_USER}:${password}\n` });
}

const cli = (dataDir: string, ...args: string[]): void => {
  const r = spawnSync(process.execPath, ['bin/greenboard.js', ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
};

// Needs root (useradd, chpasswd, sshd), as the e2e run has: npm test installs openssh-server and
// runs as root, like the other SSH specs. A real sshd that takes passwords for this one user only (Match overrides the fixed
// "PasswordAuthentication no"; see sshd_config(5), "Match").
test('a password is given only through the explicit, warned opt-in, and then the host connects', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const password = randomBytes(12).toString('base64url');
  passwordUser(password);
  let sshd: TestSshd | undefined;
  try {
    sshd = await startSshd({ extraConfig: `Match User ${PW_USER}\n  PasswordAuthentication yes\n` });
    const dataDir = testInfo.outputPath('data');
    cli(dataDir, 'hosts', 'add', 'pw-1', '--ssh', `${PW_USER}@127.0.0.1:${sshd.port}`);
    cli(dataDir, 'hosts', 'trust', 'pw-1', '--fingerprint', sshd.hostKeyFingerprint);
    const { served, child } = await startServe(dataDir);
    try {
      await page.goto(served.url);
      const card = page.locator('[data-testid="host-card"][data-host-id="pw-1"]');
      await expect(card.getByTestId('link-problem')).toHaveAttribute('data-link-state', 'auth_failed', {
        timeout: 20_000,
      });
      await card.getByTestId('sign-in-options').click();
      const dialog = page.getByTestId('credentials-dialog');
      await expect(dialog).toBeVisible();
      // No password field until the user opts in, and the opt-in says it is not recommended.
      await expect(dialog.getByTestId('password-input')).toHaveCount(0);
      await expect(dialog.getByTestId('key-advice')).toContainText('identity file');
      await expect(dialog.getByTestId('password-submit')).toBeDisabled();
      await dialog.getByLabel('Use a password instead (not recommended)').check();
      await expect(dialog.getByTestId('password-warning')).toContainText('can be guessed or phished');
      await dialog.getByTestId('password-input').fill('wrong-password');
      await dialog.getByTestId('password-submit').click();
      await expect(dialog.getByRole('alert')).toContainText('Login failed');
      // The advice fits what was offered: a password, not a key.
      await expect(dialog.getByRole('alert')).toContainText('Check the user name and the password');
      await expect(dialog.getByTestId('password-input')).toHaveValue('');
      await page.screenshot({ path: join(SCREENSHOTS, 'credentials-password.png') });

      await dialog.getByTestId('password-input').fill(password);
      await dialog.getByTestId('password-submit').click();
      await expect(dialog).toBeHidden({ timeout: 20_000 });
      await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/, { timeout: 20_000 });
      await expect(card.getByTestId('card-mem')).toContainText('%');
      // The password is not shown anywhere on the page.
      expect(await page.content()).not.toContain(password);
    } finally {
      await stopServe(child);
    }
  } finally {
    await sshd?.stop();
  }
});
