import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  postgresMissing,
  startPostgres,
  type TestPostgres,
} from '../electron/engine/services/testing/postgresServer';
import { allowSudo } from '../electron/engine/services/testing/sudoers';
import { startSshd, type TestSshd } from '../electron/engine/ssh/testing/sshd';
import { expect, SCREENSHOTS, test } from './fixtures';

const missing = postgresMissing();

// A private PostgreSQL cluster with pg_stat_statements, reached as a fleet host's database is:
// through a real sshd on loopback, as the test user, who may run psql as postgres (sudo -n).
test.describe('PostgreSQL on an SSH host', () => {
  // Checkable: /usr/lib/postgresql/<ver>/bin/initdb, sudo, runuser and the postgres user; npm test
  // installs postgresql and sudo, and the suite runs as root (the cluster runs as postgres).
  test.skip(
    missing !== null,
    'skipped: needs root, sudo, runuser, the postgres OS user and a server under /usr/lib/postgresql (npm test installs postgresql and sudo with apt-get as root)',
  );

  let sshd: TestSshd;
  let pg: TestPostgres;
  let undoSudo: () => void = () => undefined;
  let sleeper: ChildProcess | null = null;
  test.beforeEach(async () => {
    [sshd, pg] = await Promise.all([startSshd(), startPostgres()]);
    // The line the refusal message suggests: the server's own psql too, which polls run once found.
    undoSudo = allowSudo(sshd.user, 'postgres', ['/usr/bin/psql', join(pg.binDir, 'psql')]);
  });
  test.afterEach(async () => {
    sleeper?.kill('SIGKILL');
    undoSudo();
    pg.stop();
    await sshd.stop();
  });

  test('is added from the host page, shows its card row, top queries, a slow query, and two ranges compared', async ({
    page,
    greenboard,
  }) => {
    test.setTimeout(120_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(greenboard.url);

    // The SSH host, added and trusted through the UI.
    await page.getByTestId('add-host').click();
    const form = page.getByTestId('host-form');
    await form.getByTestId('host-name').fill('db-1');
    await form.getByTestId('host-ssh').fill(`${sshd.user}@127.0.0.1:${sshd.port}`);
    await form.getByTestId('host-identity').fill(sshd.clientKeyPath);
    await form.getByTestId('host-save').click();
    await expect(form).toBeHidden();
    const card = page.locator('[data-testid="host-card"][data-host-id="db-1"]');
    await card.getByTestId('review-key').click({ timeout: 20_000 });
    await page.getByTestId('trust-confirm').click();
    await expect(page.getByTestId('trust-dialog')).toBeHidden({ timeout: 20_000 });
    await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/, { timeout: 30_000 });

    // The database, added on the host page: peer access as postgres is the default.
    await card.click();
    const section = page.getByTestId('services-section');
    await section.getByTestId('service-add').click();
    const dialog = page.getByTestId('service-form-dialog');
    await dialog.getByTestId('service-kind').selectOption('postgres');
    await expect(dialog.getByTestId('service-port')).toHaveAttribute('placeholder', '5432');
    await dialog.getByTestId('service-port').fill(String(pg.port));
    await dialog.getByTestId('service-socketDir').fill(pg.socketDir);
    await dialog.getByTestId('service-longQuerySec').fill('2');
    await dialog.getByTestId('service-save').click();
    await expect(dialog).toHaveCount(0, { timeout: 20_000 });
    const panel = section.getByTestId('service-panel');
    await expect(panel).toHaveAttribute('data-service-id', `db-1/postgres-${pg.port}`);
    await expect(panel).toHaveAttribute('data-state', /^(green|amber)$/);

    // Load between two polls: that interval's top statements, their text the poll after.
    await pg.pgbench(['-i', '-s', '1', '-q']);
    await pg.pgbench(['-T', '2', '-c', '2', '-n']);
    await panel.getByTestId('service-poll').click();
    const top = panel.getByTestId('top-queries');
    const rows = top.getByTestId('top-query');
    await expect(rows.first()).toBeVisible();
    await panel.getByTestId('service-poll').click();
    const update = rows.filter({ hasText: 'pgbench_accounts' }).first();
    await expect(update).toBeVisible();
    await update.getByTestId('top-query-toggle').click();
    await expect(top.getByTestId('top-query-text')).toContainText('pgbench_accounts');

    // A slow query: listed with its statement and user once it passes the threshold.
    sleeper = spawn(
      pg.psqlArgv()[0]!,
      [...pg.psqlArgv().slice(1), '-c', 'SELECT pg_sleep(600) /* slow report */'],
      {
        stdio: 'ignore',
      },
    );
    const session = panel.getByTestId('service-session').filter({ hasText: 'slow report' });
    await expect
      .poll(
        async () => {
          await panel.getByTestId('service-poll').click();
          return session.count();
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBeGreaterThan(0);
    await expect(session.first()).toContainText('postgres');

    // Two ranges side by side: this range and the same length before it.
    await top.getByTestId('compare-mode').getByRole('button', { name: 'vs the same length before' }).click();
    await expect(top.getByTestId('compare-ranges')).toContainText('Before:');
    await expect(rows.first().getByTestId('top-query-change')).toHaveCount(3);
    await page.evaluate('window.scrollTo(0, 0)');
    const box = await section.boundingBox();
    if (box)
      await page.screenshot({ path: join(SCREENSHOTS, 'service-postgres.png'), fullPage: true, clip: box });

    // The card: a row for the database.
    await page.getByTestId('back-link').click();
    await expect(card.getByTestId('card-service')).toContainText('PostgreSQL');
    expect(pageErrors).toEqual([]);
  });
});
