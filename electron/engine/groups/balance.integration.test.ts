import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BalancerSchema, type BalancerInput, type GroupView } from '../../../shared/groups';
import { DEFAULT_NOTIFY_SETTINGS } from '../../../shared/alerts';
import { Alerting } from '../alerting';
import { promised } from '../api';
import { systemClock } from '../clock';
import { fleetHandlers } from '../fleetHandlers';
import { sshdAvailable, startSshd, type TestSshd } from '../ssh/testing/sshd';
import { waitFor } from '../ssh/testing/waitFor';
import { sshTestContext, type SshTestContext } from '../testing/sshContext';
import { GroupService } from './groupService';
import {
  balancersMissing,
  sendLoad,
  startHaproxy,
  startNginxLb,
  startUpstreams,
  type TestHaproxy,
  type TestNginxLb,
  type Upstreams,
} from './testing/balancers';

// Three loopback upstreams behind a real nginx and a real HAProxy, read the way a fleet's
// balancer is: over the engine's SSH session to a real sshd (the log, the config and the admin
// socket are read as the SSH test user). The members web-1..3 are SSH hosts on the same sshd,
// tagged "web"; the group's skew rule has no `for` here, so one read shows it.
const missing = (sshdAvailable() ? null : 'no sshd') ?? balancersMissing();
const MEMBERS = ['web-1', 'web-2', 'web-3'];

let sshd: TestSshd;
let ups: Upstreams;
let nginx: TestNginxLb;
let haproxy: TestHaproxy;
let dir: string;
let ctx: SshTestContext;
let alerting: Alerting;
let groups: GroupService;

beforeAll(async () => {
  if (missing) return;
  [sshd, ups] = await Promise.all([startSshd(), startUpstreams(3)]);
  [nginx, haproxy] = await Promise.all([startNginxLb(ups.list), startHaproxy(ups.list, MEMBERS)]);
  dir = mkdtempSync(join(tmpdir(), 'gb-groups-'));
  ctx = sshTestContext({ dataDir: dir, clock: systemClock, sshTimeoutMs: 3000 });
  alerting = new Alerting({
    store: ctx.store,
    clock: ctx.clock,
    log: ctx.log,
    rules: () => ({ defaults: {}, tags: { web: { skew: { forMs: 0 } } }, hosts: {} }),
    notify: () => ({ ...DEFAULT_NOTIFY_SETTINGS, desktop: false }),
    onEntry: () => {},
    onNotify: () => [],
  });
  groups = new GroupService(ctx, {
    alerting,
    runnerOf: (id) => ctx.hosts.get(id).collector.remote ?? 'not an SSH host',
  });
  ctx.hosts.start();
  const api = promised(fleetHandlers(ctx));
  for (const [name, tags] of [['lb', []], ...MEMBERS.map((m) => [m, ['web']])] as [string, string[]][]) {
    const ssh = { user: sshd.user, host: sshd.host, port: sshd.port, identityFile: sshd.clientKeyPath };
    await api['hosts:add']({ name, ssh, intervalMs: 60_000, tags });
    const link = () => ctx.hosts.board().find((x) => x.host.id === name)?.link.state;
    // One sshd for all four: its key is trusted once, for the first.
    const first = await waitFor(() => ['hostkey_unknown', 'ok'].find((s) => s === link()), 'a host key');
    if (first === 'hostkey_unknown')
      await api['hosts:trust']({ hostId: name, fingerprint: sshd.hostKeyFingerprint });
    await waitFor(() => link() === 'ok', 'a working SSH link');
    await ctx.hosts.pollNow(name);
  }
}, 90_000);

afterAll(async () => {
  if (missing) return;
  groups.stop();
  await alerting.stop();
  await ctx.close();
  await Promise.allSettled([nginx.stop(), haproxy.stop()]);
  await ups.stop();
  await sshd.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Reads the balancer, judges the group, returns its request balance. */
async function judged(): Promise<{ view: GroupView; req: GroupView['balance'][number] | undefined }> {
  await groups.pollBalancer('web');
  groups.evaluate();
  const view = groups.get('web');
  return { view, req: view.balance.find((b) => b.basis === 'requests') };
}

const shareOf = (req: GroupView['balance'][number] | undefined, id: string) =>
  req?.shares.find((s) => s.hostId === id);
const skewState = (v: GroupView) => v.signals.find((s) => s.signal === 'skew:requests')?.state;
const hits = () => ups.list.map((u) => u.hits);

function nginxBalancer(lb: TestNginxLb): BalancerInput {
  return {
    kind: 'nginx',
    hostId: 'lb',
    accessLog: lb.logPath,
    configPath: lb.confPath,
    statusUrl: lb.statusUrl,
    upstream: 'web',
    servers: Object.fromEntries(ups.list.map((u, i) => [u.addr, MEMBERS[i] ?? ''])),
  };
}

describe.skipIf(missing)(`group balance behind real balancers (${missing ?? 'nginx, HAProxy, sshd'})`, () => {
  it('nginx over SSH: equal weights give equal shares; weight=3 in its config shifts the expected share', async () => {
    await groups.setBalancer('web', BalancerSchema.parse(nginxBalancer(nginx)));
    await sendLoad(nginx.url, 300, 3);
    let { view, req } = await judged();
    expect(view.balancerStatus).toMatchObject({ ok: true, message: null, unmatched: [] });
    expect(view.balancerStatus?.totalRequests).toBeGreaterThanOrEqual(300);
    for (const m of MEMBERS) {
      expect(shareOf(req, m)?.expected).toBeCloseTo(1 / 3, 5);
      expect(shareOf(req, m)?.ratio).toBeGreaterThan(0.9);
      expect(shareOf(req, m)?.ratio).toBeLessThan(1.1);
    }
    expect(skewState(view)).toBe('ok');

    await groups.pollBalancer('web'); // nothing sent since: a clean window for the new weights
    await nginx.setWeights([3, 1, 1]);
    const before = hits();
    await sendLoad(nginx.url, 250, 3);
    ({ view, req } = await judged());
    expect(shareOf(req, 'web-1')?.expected).toBeCloseTo(0.6, 5);
    expect(shareOf(req, 'web-2')?.expected).toBeCloseTo(0.2, 5);
    // What the upstreams counted themselves is what the log said.
    expect(shareOf(req, 'web-1')?.load).toBe((hits()[0] ?? 0) - (before[0] ?? 0));
    expect(shareOf(req, 'web-1')?.ratio).toBeGreaterThan(0.9);
    expect(shareOf(req, 'web-1')?.ratio).toBeLessThan(1.1);
    expect(skewState(view)).toBe('ok');
    await nginx.setWeights([1, 1, 1]);
  }, 60_000);

  it('nginx least_conn with a slow upstream: the slow member shows as skew, named', async () => {
    const lc = await startNginxLb(ups.list, { leastConn: true });
    try {
      await groups.setBalancer('web', BalancerSchema.parse(nginxBalancer(lc)));
      ups.list[2]!.delayMs = 150;
      const before = hits();
      await sendLoad(lc.url, 240, 6);
      const { view, req } = await judged();
      const got = hits().map((h, i) => h - (before[i] ?? 0));
      // The upstream that answered least is the one the group names.
      expect(Math.min(...got)).toBe(got[2]);
      expect(req?.worst?.hostId).toBe('web-3');
      expect(req?.worst?.factor).toBeGreaterThan(2.5);
      expect(skewState(view)).toBe('critical');
      expect(view.state).toBe('red');
      // Among the group's reasons (its members' CPU, one real machine polled at different
      // moments, may be skewed too, and which comes first depends on how far each is off).
      expect(view.reasons.join('\n')).toMatch(/^web: web-3 takes 0\.\d+× its share of requests/m);
      const log = alerting.log.list({ scope: 'all', hostId: 'group:web', limit: 10 }).entries;
      expect(log.some((e) => e.signal === 'skew:requests' && e.to === 'critical')).toBe(true);
      expect(log.some((e) => e.kind === 'group' && e.to === 'critical')).toBe(true);
    } finally {
      ups.list[2]!.delayMs = 0;
      await lc.stop();
    }
  }, 60_000);

  it('HAProxy over SSH (show stat on its admin socket): weights set live shift the expected shares', async () => {
    await groups.setBalancer(
      'web',
      BalancerSchema.parse({ kind: 'haproxy', hostId: 'lb', socket: haproxy.socket, upstream: 'web' }),
    );
    await sendLoad(haproxy.url, 300, 3);
    let { view, req } = await judged();
    expect(view.balancerStatus).toMatchObject({ ok: true, unmatched: [] });
    for (const m of MEMBERS) expect(shareOf(req, m)?.ratio).toBeGreaterThan(0.9);
    expect(skewState(view)).toBe('ok');

    expect(haproxy.admin('set weight web/web-2 3').trim()).toBe('');
    await groups.pollBalancer('web');
    await sendLoad(haproxy.url, 250, 3);
    ({ view, req } = await judged());
    expect(shareOf(req, 'web-2')?.expected).toBeCloseTo(0.6, 5);
    expect(shareOf(req, 'web-2')?.ratio).toBeGreaterThan(0.9);
    expect(shareOf(req, 'web-2')?.ratio).toBeLessThan(1.1);
    expect(skewState(view)).toBe('ok');
    haproxy.admin('set weight web/web-2 1');
  }, 60_000);

  it('HAProxy leastconn with a slow server: skew names it', async () => {
    await groups.setBalancer(
      'web',
      BalancerSchema.parse({ kind: 'haproxy', hostId: 'lb', socket: haproxy.socket, upstream: 'web_lc' }),
    );
    ups.list[1]!.delayMs = 150;
    try {
      await sendLoad(haproxy.leastConnUrl, 240, 6);
      const { view, req } = await judged();
      expect(req?.worst?.hostId).toBe('web-2');
      expect(skewState(view)).toBe('critical');
      expect(view.reasons.join(' ')).toMatch(/web-2 takes 0\.\d+× its share of requests/);
    } finally {
      ups.list[1]!.delayMs = 0;
    }
  }, 60_000);

  it('a balancer that cannot be read says why and what to do; bad names are refused in words', async () => {
    const view = await groups.setBalancer(
      'web',
      BalancerSchema.parse({ ...nginxBalancer(nginx), accessLog: '/root/no-such/access.log' }),
    );
    expect(view.balancerStatus?.ok).toBe(false);
    expect(view.balancerStatus?.message).toMatch(
      /cannot read \/root\/no-such\/access\.log: .*Give the SSH user read access/,
    );
    const sock = await groups.setBalancer(
      'web',
      BalancerSchema.parse({ kind: 'haproxy', hostId: 'lb', socket: '/tmp/no-such.sock' }),
    );
    expect(sock.balancerStatus?.message).toMatch(
      /HAProxy at \/tmp\/no-such\.sock did not answer: .*stats socket/,
    );

    const bad = BalancerSchema.safeParse({
      kind: 'nginx',
      hostId: 'lb',
      accessLog: '/var/log/../../etc/shadow',
    });
    expect(bad.success).toBe(false);
    const secret = BalancerSchema.safeParse({
      kind: 'haproxy',
      hostId: 'lb',
      statusUrl: 'http://admin:s3cret@127.0.0.1:8404/stats',
    });
    expect(secret.error?.issues[0]?.message).toMatch(/without a user or password/);
    expect(JSON.stringify(secret.error)).not.toContain('s3cret');
    expect(BalancerSchema.safeParse({ kind: 'nginx', hostId: 'lb' }).error?.issues[0]?.message).toMatch(
      /access log/,
    );
    expect(BalancerSchema.safeParse({ kind: 'haproxy', hostId: 'lb' }).error?.issues[0]?.message).toMatch(
      /admin socket/,
    );
    expect(() => groups.get('nope')).toThrow(/No group "nope".*--tag nope/);
    await expect(
      groups.setBalancer('web', BalancerSchema.parse({ ...nginxBalancer(nginx), hostId: 'gone' })),
    ).rejects.toThrow(/gone/);
    await groups.setBalancer('web', null);
    expect(groups.get('web').balancer).toBeNull();
  }, 60_000);
});
