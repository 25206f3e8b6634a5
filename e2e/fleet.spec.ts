import { join } from 'node:path';
import { startSshd, type TestSshd } from '../electron/engine/ssh/testing/sshd';
import { expect, SCREENSHOTS, test } from './fixtures';

// A real OpenSSH sshd on loopback (needs root, as the e2e run has). Its random port is in no
// known_hosts file, so the host key starts out unknown and must be trusted through the UI.
test('an SSH host is added, its key reviewed and trusted, and a diagnostic runs on it', async ({
  page,
  greenboard,
}) => {
  test.setTimeout(120_000);
  let sshd: TestSshd | undefined;
  try {
    sshd = await startSshd();
    await page.goto(greenboard.url);
    await expect(page.locator('[data-testid="host-card"][data-host-id="local"]')).toBeVisible();

    // Add the host through the form.
    await page.getByTestId('add-host').click();
    const form = page.getByTestId('host-form');
    await expect(form).toBeVisible();
    await form.getByTestId('host-name').fill('web-1');
    await form.getByTestId('host-ssh').fill(`${sshd.user}@127.0.0.1:${sshd.port}`);
    await form.getByTestId('host-identity').fill(sshd.clientKeyPath);
    await form.getByTestId('host-tags').fill('e2e, web');
    await form.getByTestId('host-save').click();
    await expect(form).toBeHidden();

    // The card says the key is not trusted yet and offers to review it.
    const card = page.locator('[data-testid="host-card"][data-host-id="web-1"]');
    await expect(card).toBeVisible();
    const problem = card.getByTestId('link-problem');
    await expect(problem).toHaveAttribute('data-link-state', 'hostkey_unknown', { timeout: 20_000 });
    await expect(problem).toContainText('is not trusted yet');
    await page.screenshot({ path: join(SCREENSHOTS, 'fleet-board.png'), fullPage: true });

    // The dialog shows exactly the fingerprint sshd's own ssh-keygen prints.
    await card.getByTestId('review-key').click();
    const dialog = page.getByTestId('trust-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('trust-fingerprint')).toHaveText(sshd.hostKeyFingerprint);
    await expect(dialog).toContainText(`127.0.0.1:${sshd.port}`);
    await expect(dialog).toContainText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    await page.screenshot({ path: join(SCREENSHOTS, 'trust-dialog.png') });
    await dialog.getByTestId('trust-confirm').click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });

    // Trusted: the card reaches a real health state with numbers from the remote host.
    await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/, { timeout: 20_000 });
    await expect(card.getByTestId('link-problem')).toHaveCount(0);
    await expect(card.getByTestId('card-mem')).toContainText('%');
    await expect(card.getByTestId('card-disk')).toContainText('%');

    // The host page: link details and the disk usage diagnostic.
    await card.click();
    const hostPage = page.getByTestId('host-page');
    await expect(hostPage).toHaveAttribute('data-host-id', 'web-1');
    await expect(page.getByTestId('link-state')).toHaveAttribute('data-link-state', 'ok');
    await expect(page.getByTestId('link-connect-ms')).toContainText('ms');
    await expect(page.getByTestId('host-link')).toContainText(`127.0.0.1:${sshd.port}`);

    const diagnostics = page.getByTestId('diagnostics');
    const disk = diagnostics.getByTestId('diag-check').filter({ hasText: /Disk/ }).first();
    await disk.getByTestId('diag-run').click();
    const output = diagnostics.getByTestId('diag-output');
    await expect(output).toContainText(/Filesystem|%/, { timeout: 30_000 });
    await expect(diagnostics.getByTestId('diag-exit')).toContainText('exit 0');
    await expect(diagnostics.getByTestId('command-history').locator('li').first()).toContainText('df', {
      timeout: 10_000,
    });
    await page.screenshot({ path: join(SCREENSHOTS, 'host-ssh.png'), fullPage: true });

    // A saved command of the user's: one argument per line, and a confirmation before it runs.
    await diagnostics.getByTestId('save-command-open').click();
    const saveForm = diagnostics.getByTestId('save-command-form');
    await saveForm.getByPlaceholder('nginx-status').fill('loadavg');
    await saveForm.getByPlaceholder('nginx status').fill('Load average');
    await saveForm.locator('textarea').fill('cat\n/proc/loadavg');
    await saveForm.getByRole('button', { name: 'Save command' }).click();
    const saved = diagnostics.getByTestId('diag-check').filter({ hasText: 'Load average' });
    await expect(saved).toContainText("'cat' '/proc/loadavg'");
    await saved.getByTestId('diag-run').click();
    await saved.getByTestId('diag-confirm').click();
    await expect(output).toContainText(/^\s*\d+\.\d+ \d+\.\d+/, { timeout: 30_000 });
  } finally {
    await sshd?.stop();
  }
});
