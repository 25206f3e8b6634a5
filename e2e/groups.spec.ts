import { join } from 'node:path';
import {
  sendLoad,
  startNginxLb,
  startUpstreams,
  type TestNginxLb,
  type Upstreams,
} from '../electron/engine/groups/testing/balancers';
import { startSshd, type TestSshd } from '../electron/engine/ssh/testing/sshd';
import { expect, SCREENSHOTS, test } from './fixtures';

// Three SSH hosts tagged "web" (one real sshd on loopback) behind a real nginx on this machine,
// balancing by least connections; one upstream answers slowly, so it gets few requests. The
// skew rule of the "web" tag has no `for` here, so the first reads show it.
test.use({ greenboardConfig: { rules: { tags: { web: { skew: { forMs: 0 } } } } } });

const MEMBERS = ['web-1', 'web-2', 'web-3'];

test('a group card shows its members and its worst signal; its page shows the skew by member', async ({
  page,
  greenboard,
}) => {
  test.setTimeout(120_000);
  let sshd: TestSshd | undefined;
  let ups: Upstreams | undefined;
  let lb: TestNginxLb | undefined;
  const call = async (method: string, data: unknown): Promise<unknown> => {
    const res = await page.request.post(`${greenboard.origin}/api/${method}`, {
      headers: { authorization: `Bearer ${greenboard.token}` },
      data,
    });
    const text = await res.text();
    expect(res.status(), text).toBe(200);
    return JSON.parse(text) as unknown;
  };
  try {
    [sshd, ups] = await Promise.all([startSshd(), startUpstreams(3)]);
    lb = await startNginxLb(ups.list, { leastConn: true });
    const ssh = { user: sshd.user, host: '127.0.0.1', port: sshd.port, identityFile: sshd.clientKeyPath };
    for (const name of MEMBERS) await call('hosts:add', { name, ssh, tags: ['web'], intervalMs: 2000 });
    await expect
      .poll(
        async () => {
          try {
            for (const hostId of MEMBERS)
              await call('hosts:trust', { hostId, fingerprint: sshd?.hostKeyFingerprint });
            return true;
          } catch {
            return false; // the key is not presented yet
          }
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    // The group's page names its balancer through the form: a bad path first, refused beside its field.
    await page.goto(greenboard.url);
    const card = page.locator('[data-testid="group-card"][data-group="web"]');
    await expect(card).toBeVisible({ timeout: 20_000 });
    await card.getByRole('link', { name: 'web', exact: true }).click();
    await page.getByTestId('balancer-edit').click();
    const form = page.getByTestId('balancer-form');
    await form.getByTestId('balancer-accessLog').fill('access.log');
    await form.getByTestId('balancer-save').click();
    await expect(form.getByTestId('balancer-accessLog-error')).toContainText('an absolute path');
    await form.getByTestId('balancer-accessLog').fill(lb.logPath);
    await form.getByTestId('balancer-configPath').fill(lb.confPath);
    await form
      .getByTestId('balancer-servers')
      .fill(ups.list.map((u, i) => `${u.addr} = ${MEMBERS[i]}`).join('\n'));
    await form.getByTestId('balancer-save').click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('balancer')).toContainText('nginx on local');

    ups.list[2]!.delayMs = 150;
    await sendLoad(lb.url, 240, 6);
    await page.getByTestId('back-link').click();
    await expect(card.getByTestId('group-member')).toHaveCount(3);
    await expect(
      card.locator('[data-testid="group-member"]:not([data-state="grey"]):not([data-state="waiting"])'),
    ).toHaveCount(3, {
      timeout: 20_000,
    });
    await expect(card).toHaveAttribute('data-state', 'red', { timeout: 30_000 });
    await expect(card.getByTestId('group-reason')).toContainText(/web-3 takes 0\.\d+× its share of requests/);
    await page.screenshot({ path: join(SCREENSHOTS, 'group-card.png'), fullPage: true });

    await card.getByRole('link', { name: 'web', exact: true }).click();
    const groupPage = page.getByTestId('group-page');
    await expect(groupPage).toHaveAttribute('data-group', 'web');
    await expect(page.getByTestId('group-state')).toHaveAttribute('data-state', 'red');
    const requests = page.locator('[data-testid="balance"][data-basis="requests"]');
    await expect(requests.getByTestId('skew')).toContainText(
      /Skew: web-3 takes 0\.\d+× its share of requests/,
    );
    await expect(requests.locator('[data-testid="share-row"][data-host="web-3"]')).toHaveClass(/skewed/);
    await expect(requests.getByTestId('share-row')).toHaveCount(3);
    await expect(page.getByTestId('balancer')).toContainText('nginx on local');
    await expect(page.getByTestId('group-chart')).toHaveAttribute('data-lines', '3');
    await page.screenshot({ path: join(SCREENSHOTS, 'group-page.png'), fullPage: true });

    // A balancer that is not there says so in words, and nothing breaks.
    await call('groups:setBalancer', {
      tag: 'web',
      balancer: { kind: 'haproxy', hostId: 'local', socket: '/tmp/gb-no-such.sock' },
    });
    await page.reload();
    await expect(page.getByTestId('balancer')).toContainText('did not answer', { timeout: 15_000 });
    const bad = await page.request.post(`${greenboard.origin}/api/groups:setBalancer`, {
      headers: { authorization: `Bearer ${greenboard.token}` },
      data: { tag: 'web', balancer: { kind: 'nginx', hostId: 'local', accessLog: 'relative/log' } },
    });
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain('an absolute path');
  } finally {
    if (ups?.list[2]) ups.list[2].delayMs = 0;
    await lb?.stop();
    await ups?.stop();
    await sshd?.stop();
  }
});
