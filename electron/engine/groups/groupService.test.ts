import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alerting } from '../alerting';
import type { ScriptedCollector } from '../testing/fakes';
import { FakeClock } from '../testing/fakes';
import { testAlerting, testContext, type TestContext } from '../testing/testContext';
import { GroupService } from './groupService';

// Six hosts tagged "web" with scripted samples (a fake collector: the samples are the input
// here, not the subject), the real alerting and rule engine, on a fake clock driven through
// hours: the group's `for` holds as a host's does, and its reasons carry the arithmetic.
const MIN = 60_000;
const HOSTS = ['web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6'];

let dir: string;
let clock: FakeClock;
let ctx: TestContext;
let alerting: Alerting;
let groups: GroupService;

function setCpu(pcts: number[]): void {
  HOSTS.forEach((id, i) => {
    const c = ctx.collectors.get(id) as ScriptedCollector;
    c.next = { cpu: { cores: 4, busyPct: pcts[i] ?? 0, iowaitPct: 0, stealPct: 0 } };
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-groups-svc-'));
  clock = new FakeClock();
  ctx = testContext({ dataDir: dir, clock });
  alerting = testAlerting(ctx);
  groups = new GroupService(ctx, { alerting, runnerOf: () => 'no balancer in this test' });
  ctx.hosts.addHooks({
    onMount: (h) => alerting.setHost(h),
    onSample: (s) => alerting.observe(s),
    onTick: () => alerting.tick(),
  });
  for (const id of HOSTS) ctx.hosts.mount({ id, name: id, kind: 'ssh', intervalMs: MIN, tags: ['web'] });
  ctx.hosts.mount({ id: 'db-1', name: 'db-1', kind: 'ssh', intervalMs: MIN, tags: ['db'] });
});

afterEach(async () => {
  groups.stop();
  await alerting.stop();
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

const groupCpu = () => groups.get('web').signals.find((s) => s.signal === 'groupCpu');

describe('groups on the rule machinery', () => {
  it('lists every tag as a group, with its members and their spread', async () => {
    setCpu([80, 82, 84, 86, 90, 100]);
    ctx.hosts.start();
    groups.start();
    await clock.advance(2 * MIN);
    expect(groups.list().map((g) => g.tag)).toEqual(['db', 'web']);
    const web = groups.get('web');
    expect(web.members.map((m) => m.hostId)).toEqual(HOSTS);
    expect(web.cpu).toEqual({ mean: 87, p90: 100, max: 100, n: 6 });
    expect(web.state).toBe('green');
  });

  it('mean CPU 87 % held for 30 min raises the group, with its spread and "add capacity"; a dip restarts the `for`', async () => {
    setCpu([80, 82, 84, 86, 90, 100]);
    ctx.hosts.start();
    groups.start();
    await clock.advance(20 * MIN);
    setCpu([70, 70, 70, 70, 70, 70]); // a minute under the level: the `for` starts over
    await clock.advance(2 * MIN);
    setCpu([80, 82, 84, 86, 90, 100]);
    await clock.advance(25 * MIN);
    expect(groupCpu()?.state).toBe('ok');
    await clock.advance(10 * MIN);
    expect(groupCpu()?.state).toBe('warn');
    const web = groups.get('web');
    expect(web.state).toBe('amber');
    expect(web.reasons[0]).toBe('web: mean CPU 87 % across 6 hosts (p90 100 %, max 100 %): add capacity');
    const log = alerting.log.list({ scope: 'all', hostId: 'group:web', limit: 10 }).entries;
    expect(log.map((e) => [e.signal, e.to])).toEqual([
      ['group', 'warn'],
      ['groupCpu', 'warn'],
    ]);
    expect(log[1]?.reason).toBe(
      'web: mean CPU 87 % across 6 hosts (p90 100 %, max 100 %): add capacity (≥ 80% for 30 min)',
    );
  });

  it('the scale-in side: a quiet day says how many hosts would keep the peak under 70 %, with the arithmetic', async () => {
    setCpu([30, 30, 30, 30, 30, 30]); // the day's peak: 180 % of one host
    ctx.hosts.start();
    groups.start();
    await clock.advance(10 * MIN);
    setCpu([12, 12, 12, 12, 12, 12]);
    await clock.advance(23 * 60 * MIN);
    expect(groups.get('web').signals.find((s) => s.signal === 'groupSpare')?.state).toBe('ok');
    await clock.advance(60 * MIN);
    const web = groups.get('web');
    expect(web.scaleIn).toMatchObject({ needed: 3, spare: 3, peakTotalPct: 180 });
    expect(web.state).toBe('amber');
    expect(web.reasons[0]).toBe(
      'web: mean CPU 12 %: 3 of 6 hosts would keep the peak under 70 % (peak 180 % of one host ÷ 70 % per host = 2.6 → 3 hosts)',
    );
  });

  it('CPU skew names the member that works harder than the rest', async () => {
    ctx.settings.rules = { defaults: {}, tags: { web: { skew: { forMs: 15 * MIN } } }, hosts: {} };
    alerting.applySettings();
    setCpu([20, 20, 20, 20, 20, 50]);
    ctx.hosts.start();
    groups.start();
    await clock.advance(17 * MIN);
    const web = groups.get('web');
    const cpu = web.balance.find((b) => b.basis === 'cpu');
    expect(cpu?.worst?.hostId).toBe('web-6');
    expect(web.state).toBe('amber');
    expect(web.reasons).toContain(
      'web: web-6 takes 2.0× its share of cpu (33 % of 150 % CPU summed now, expected 17 %)',
    );
    // Quiet again: too little CPU to share out is no evidence of skew, and the signal goes.
    setCpu([2, 2, 2, 2, 2, 3]);
    await clock.advance(2 * MIN);
    expect(groups.get('web').signals.some((s) => s.kind === 'skew')).toBe(false);
    expect(groups.get('web').state).toBe('green');
    const log = alerting.log.list({ scope: 'all', hostId: 'group:web', limit: 10 }).entries;
    expect(log.find((e) => e.signal === 'skew:cpu' && e.to === 'ok')?.reason).toBe(
      'cpu skew no longer reported',
    );
  });

  it('a group whose members stop sending goes grey, as a host does', async () => {
    setCpu([50, 50, 50, 50, 50, 50]);
    ctx.hosts.start();
    groups.start();
    await clock.advance(2 * MIN);
    for (const id of HOSTS) (ctx.collectors.get(id) as ScriptedCollector).fail = new Error('gone');
    await clock.advance(10 * MIN);
    expect(groups.get('web').state).toBe('grey');
  });
});
