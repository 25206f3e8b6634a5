import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  nodeExporterAvailable,
  prometheusAvailable,
  startNodeExporter,
  startPrometheus,
  type TestNodeExporter,
  type TestPrometheus,
} from '../electron/engine/testing/prometheus';
import { expect, SCREENSHOTS, test } from './fixtures';

// A real Prometheus scraping a real node_exporter (Debian's packages), both on loopback.
let exporter: TestNodeExporter | null = null;
let prom: TestPrometheus | null = null;

test.beforeAll(async () => {
  // Checkable: `ls /usr/bin/prometheus /usr/bin/prometheus-node-exporter`.
  test.skip(
    !prometheusAvailable() || !nodeExporterAvailable(),
    'skipped: /usr/bin/prometheus or /usr/bin/prometheus-node-exporter is not installed (npm test installs both with apt-get as root)',
  );
  exporter = await startNodeExporter();
  prom = await startPrometheus({ scrapeConfigs: [{ jobName: 'node', targets: [exporter.target] }] });
});

test.afterAll(async () => {
  await prom?.stop();
  await exporter?.stop();
});

test('a Prometheus source added in Settings puts its node_exporter host on the board', async ({
  page,
  greenboard,
}) => {
  if (!prom || !exporter) throw new Error('Prometheus did not start');
  const readConfig = (): unknown =>
    JSON.parse(readFileSync(join(greenboard.dataDir, 'greenboard.json'), 'utf8'));

  await page.goto(greenboard.url);
  await expect(page.locator('[data-testid="host-card"][data-host-id="local"]')).toBeVisible();
  await page.getByTestId('settings-open').click();
  const dialog = page.getByTestId('settings-dialog');
  await dialog.getByTestId('settings-tab-sources').click();
  await expect(dialog.getByTestId('settings-datasources')).toContainText(
    'Hosts that node_exporter reports to this Prometheus show on the board',
  );
  await dialog.getByTestId('datasource-add').click();
  const source = dialog.getByTestId('datasource');
  await expect(source.getByTestId('source-id')).toHaveValue('prom');
  await expect(source.getByTestId('source-selector')).toHaveValue('job="node"');

  // A bad URL is caught in the browser and shown beside its field; nothing is saved.
  await source.getByLabel('Prometheus URL').fill('prometheus:9090');
  await source.getByTestId('source-refresh').fill('2');
  await dialog.getByTestId('settings-save').click();
  const urlError = source.locator('[data-testid="source-error"][data-field="prometheus.0.url"]');
  await expect(urlError).toHaveText('use an http:// or https:// URL');
  await expect(source.getByLabel('Prometheus URL')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: join(SCREENSHOTS, 'settings-datasources-error.png') });
  await expect(dialog).toBeVisible();

  // Basic auth names the environment variable its password is read from.
  await source.getByTestId('source-auth-basic').check();
  await expect(source.getByTestId('source-secret-hint')).toContainText('GREENBOARD_PROMETHEUS_SECRET_PROM');
  // The password is stored by the engine (never in settings), and only for a saved source.
  await source.getByTestId('source-secret-input').fill('hunter2');
  await source.getByTestId('source-secret-store').click();
  await expect(source.getByTestId('source-secret-status')).toContainText(
    'No Prometheus source "prom". Save the source in Settings → Data sources first',
  );
  await source.getByTestId('source-auth-none').check();

  await source.getByLabel('Prometheus URL').fill(prom.url);
  await expect(urlError).toBeHidden();
  await page.screenshot({ path: join(SCREENSHOTS, 'settings-datasources.png') });
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();
  expect(readConfig()).toMatchObject({
    prometheus: [
      { id: 'prom', url: prom.url, selector: 'job="node"', auth: { kind: 'none' }, refreshMs: 2000 },
    ],
  });

  // The node_exporter target shows as a host, marked as read from Prometheus, with a real state.
  const card = page.locator('[data-testid="host-card"][data-host-id^="prom"]');
  await expect(card).toHaveCount(1, { timeout: 30_000 });
  await expect(card.getByTestId('source-badge')).toHaveText('via Prometheus · prom');
  await expect(card).toHaveAttribute('data-state', /^(green|amber|red)$/, { timeout: 30_000 });
  await expect(card.getByTestId('card-mem').locator('.metric__value')).toHaveText(/^\d+(\.\d+)? ?%$/);
  await page.screenshot({ path: join(SCREENSHOTS, 'board-prometheus-host.png') });

  await card.click();
  const hostPage = page.getByTestId('host-page');
  await expect(hostPage.getByTestId('source-badge')).toHaveText('via Prometheus · prom');
  await expect(hostPage).toContainText('read from Prometheus every 2 s');
  await page.screenshot({ path: join(SCREENSHOTS, 'host-page-prometheus.png') });

  // node_exporter stops: Prometheus says the target is down, and the card says so, never green.
  await page.goBack();
  await exporter.stop();
  await expect(card).toHaveAttribute('data-state', /^(red|grey)$/, { timeout: 30_000 });
  await expect(card.getByTestId('link-message')).toHaveText(/^target down: /);
  await page.screenshot({ path: join(SCREENSHOTS, 'board-prometheus-target-down.png') });

  // Prometheus stops: the source is unreachable, with its address and the reason.
  await prom.stop();
  await expect(card.getByTestId('link-message')).toHaveText(
    new RegExp(`^Prometheus at ${prom.url.replace(/[.]/g, '\\.')}/? is unreachable: `),
    { timeout: 30_000 },
  );
  await page.screenshot({ path: join(SCREENSHOTS, 'board-prometheus-unreachable.png') });
});
