import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { GROUP_SIGNAL_KINDS, type AlertEntry } from '../../../shared/alerts';
import type { Episode } from '../../../shared/backtest';
import type { Host } from '../../../shared/schemas';
import type { Clock } from '../clock';
import type { HostDirectory, HostState } from '../core/context';
import { newCollect } from '../rules/episodes';
import type { RulesConfig } from '../rules/ruleTypes';
import type { SignalKind } from '../rules/signals';
import { makeSample } from '../testing/fakes';
import { Store } from '../store/store';
import { testAlerting, testContext } from '../testing/testContext';
import { groupBacktest, groupStretches } from './groupBacktest';
import { GROUP_EVAL_MS, GroupService } from './groupService';

const dir = mkdtempSync(join(tmpdir(), 'gb-group-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 10, 30, 0, 0);
const MEMBERS = ['web-1', 'web-2', 'web-3'] as const;
const GROUP_KINDS: ReadonlySet<string> = new Set(GROUP_SIGNAL_KINDS);

/** What the live path logged, as episodes: the reference the back-test must equal. */
function liveEpisodes(entries: readonly AlertEntry[]): Omit<Episode, 'reason'>[] {
  const open = new Map<string, Omit<Episode, 'reason'>>();
  const out: Omit<Episode, 'reason'>[] = [];
  for (const c of entries) {
    const ep = open.get(c.signal);
    if (c.to === 'warn' || c.to === 'critical') {
      if (ep) {
        if (c.to === 'critical') ep.level = 'critical';
        continue;
      }
      const e = {
        hostId: c.hostId,
        name: 'group web',
        signal: c.signal,
        kind: c.kind,
        level: c.to,
        startTs: c.at,
        endTs: null,
      };
      open.set(c.signal, e);
      out.push(e);
    } else if (ep) {
      ep.endTs = c.at;
      open.delete(c.signal);
    }
  }
  return out;
}

// Values on the store's grid (0.01 % for percentages and load, whole KiB for bytes, 1 B/s), so
// the back-test reads back exactly what the live service was handed.
const poll = fc.record({
  host: fc.constantFrom(...MEMBERS),
  gapMs: fc.integer({ min: 3_000, max: 7_000 }),
  busy: fc.integer({ min: 0, max: 10_000 }),
  memKiB: fc.integer({ min: 0, max: 16 * 2 ** 20 }),
  load5: fc.integer({ min: 0, max: 800 }).map((x) => x / 100),
  rx: fc.integer({ min: 0, max: 400_000 }),
  tx: fc.integer({ min: 0, max: 100_000 }),
});
/** A rule around `mid` (in steps of `unit`), as a group's values go. */
const rule = (lo: number, hi: number, unit: number) =>
  fc
    .record({
      warn: fc.integer({ min: lo, max: hi }),
      gap: fc.integer({ min: 1, max: 10 }),
      up: fc.integer({ min: 1, max: 10 }),
      forMs: fc.constantFrom(0, 5_000, 15_000, 60_000),
    })
    .map(({ warn, gap, up, forMs }) => ({
      warn: warn * unit,
      clearWarn: (warn - gap) * unit,
      critical: (warn + up) * unit,
      clearCritical: (warn + up - gap) * unit,
      forMs,
    }));
const config = fc
  .record({
    groupCpu: rule(20, 80, 1),
    groupMemory: rule(20, 80, 1),
    groupLoad: rule(20, 150, 0.01),
    skew: rule(11, 30, 0.1),
    groupSpare: rule(1, 2, 1).map((r) => ({ ...r, clearWarn: 0.5, clearCritical: r.critical - 0.5 })),
    onTag: fc.boolean(),
  })
  .map(({ onTag, ...layer }): RulesConfig => ({
    defaults: onTag ? {} : layer,
    tags: onTag ? { web: layer } : {},
    hosts: {},
  }));

type Poll = {
  host: (typeof MEMBERS)[number];
  gapMs: number;
  busyPct: number;
  memKiB: number;
  load5: number;
  rx: number;
  tx: number;
};
let run = 0;

/**
 * Feeds the polls to the live path (GroupService over a host list, the real alerting and rule
 * engine, judging every 5 s as its timer does) while writing them to the store, then back-tests
 * the same rules over the store; returns both answers.
 */
async function liveAndReplay(
  polls: readonly Poll[],
  rules: RulesConfig,
  kinds: readonly SignalKind[],
  intervalMs: number,
) {
  let now = T0;
  const clock: Clock = { now: () => now, setTimeout: () => null, clearTimeout: () => {} };
  const ctx = testContext({ dataDir: join(dir, `p${run++}`), clock });
  const alerting = testAlerting(ctx);
  ctx.settings.rules = rules;
  alerting.applySettings();
  const hosts: Host[] = MEMBERS.map((id) => ({
    id,
    name: `${id}.example`,
    kind: 'ssh',
    intervalMs,
    tags: id === 'web-3' ? ['db', 'web'] : ['web'],
  }));
  const states = hosts.map((host) => ({ host, latest: null, health: { state: 'green' } }));
  for (const h of hosts) ctx.store.upsertHost(h, 0);
  const directory = { list: () => states } as unknown as HostDirectory;
  const service = new GroupService(
    { ...ctx, hosts: directory },
    { alerting, runnerOf: () => 'no balancer here' },
  );
  const logged: AlertEntry[] = [];
  ctx.on('alerts:changed', (e) => {
    if (e.hostId === 'group:web' && (kinds as string[]).includes(e.kind)) logged.push(e);
  });
  try {
    // Each member's polls on its own timeline.
    const at = { 'web-1': T0, 'web-2': T0 + 1_700, 'web-3': T0 + 3_100 };
    const samples = polls.map((p) => {
      at[p.host] += p.gapMs;
      return makeSample(p.host, at[p.host], {
        cpu: { cores: 4, busyPct: p.busyPct, iowaitPct: 1, stealPct: 0 },
        load: [p.load5, p.load5, p.load5],
        mem: { totalBytes: 16 * 2 ** 30, usedBytes: p.memKiB * 1024, availableBytes: 0 },
        net: [{ iface: 'eth0', rxBps: p.rx, txBps: p.tx }],
      });
    });
    samples.sort((a, b) => a.ts - b.ts);
    const end = Math.ceil((samples.at(-1)!.ts + 30_000) / GROUP_EVAL_MS) * GROUP_EVAL_MS;
    let next = 0;
    for (let t = T0 + GROUP_EVAL_MS; t <= end; t += GROUP_EVAL_MS) {
      for (; next < samples.length && samples[next]!.ts <= t; next++) {
        const s = samples[next]!;
        ctx.store.writeSample(s);
        (states.find((x) => x.host.id === s.hostId) as unknown as HostState).latest = s;
      }
      now = t;
      service.evaluate();
    }
    const into = newCollect();
    const r = groupBacktest(
      {
        config: rules,
        kinds,
        groups: [{ tag: 'web', members: hosts }],
        from: T0,
        to: end,
        source: ctx.store.history,
      },
      into,
    );
    return {
      replayed: into.episodes.episodes().map(({ reason: _, ...e }) => e),
      live: liveEpisodes(logged.filter((e) => GROUP_KINDS.has(e.kind))),
      rows: r.rows,
      groups: r.groups,
      samples: samples.length,
      tiers: into.resolution.list().map((x) => x.tier),
    };
  } finally {
    await alerting.stop();
    await ctx.close();
  }
}

describe('back-testing a group rule over its members’ stored history', () => {
  it('finds what the live GroupService and rule engine found, evaluating every 5 s over the same polls', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(poll, { minLength: 1, maxLength: 150 }),
        // Quiet spells: a member sends nothing for longer than it stays fresh.
        fc.array(fc.record({ at: fc.nat(), gapMs: fc.integer({ min: 5_000, max: 60_000 }) }), {
          maxLength: 12,
        }),
        config,
        fc.subarray([...GROUP_SIGNAL_KINDS], { minLength: 1 }),
        // A quiet group's CPU (at most 40 %) so its peak leaves hosts to spare.
        fc.constantFrom(10_000, 4_000),
        async (steady, quiet, rules, kinds, cpuCap) => {
          const polls = steady.map((p) => ({ ...p, busyPct: (p.busy % (cpuCap + 1)) / 100 }));
          for (const q of quiet) if (polls.length) polls[q.at % polls.length]!.gapMs += q.gapMs;
          const r = await liveAndReplay(polls, rules, kinds, 5_000);
          expect(r.replayed).toEqual(r.live);
          expect(r).toMatchObject({ groups: 1, rows: r.samples, tiers: ['raw'] });
          for (const e of r.replayed) seen.set(e.kind, (seen.get(e.kind) ?? 0) + 1);
        },
      ),
      { numRuns: 40 },
    );
    // The histories are busy enough that the comparison is of episodes, not of silence.
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('passing over quiet hours by their bounds changes nothing: hours of mostly quiet polls, a burst now and then', async () => {
    let passed = 0;
    let episodes = 0;
    const MEANS = ['groupCpu', 'groupMemory', 'groupLoad'] as const;
    await fc.assert(
      fc.asyncProperty(
        // About a minute apart (the hosts' interval), over three to four hours.
        fc.array(poll, { minLength: 400, maxLength: 600 }),
        config,
        fc.subarray([...MEANS], { minLength: 1 }),
        async (steady, rules, kinds) => {
          // Mostly under 20 % (and a low load and memory); one poll in two hundred anything.
          const polls = steady.map((p) => {
            const burst = p.busy >= 9_950;
            return {
              ...p,
              gapMs: p.gapMs * 12,
              busyPct: (burst ? p.busy : p.busy % 2_000) / 100,
              memKiB: burst ? p.memKiB : p.memKiB % (3 * 2 ** 20),
              load5: burst ? p.load5 : p.load5 % 0.2,
            };
          });
          const r = await liveAndReplay(polls, rules, kinds, 60_000);
          expect(r.replayed).toEqual(r.live);
          expect(r.tiers).toEqual(['raw']);
          if (r.rows < r.samples) passed++;
          episodes += r.replayed.length;
        },
      ),
      { numRuns: 20 },
    );
    // Hours were passed over, and rules still fired around the bursts.
    expect(passed).toBeGreaterThan(0);
    expect(episodes).toBeGreaterThan(0);
  });

  it('after a quiet hour passed over, members still fresh from it count in the next hour’s first steps', async () => {
    // Three members polled every minute at 10 % CPU for three hours; web-1's poll at 01:00:00 is
    // at 100 %, when web-2 and web-3 last polled at 00:59: the mean is 40 %, not 100 %.
    const polls: Poll[] = [];
    for (let k = 1; k <= 180; k++)
      for (const host of MEMBERS)
        polls.push({
          host,
          gapMs: 60_000,
          busyPct: host === 'web-1' && k === 60 ? 100 : 10,
          memKiB: 0,
          load5: 0,
          rx: 0,
          tx: 0,
        });
    const rules: RulesConfig = {
      defaults: {},
      tags: { web: { groupCpu: { warn: 50, clearWarn: 45, critical: 90, clearCritical: 85, forMs: 0 } } },
      hosts: {},
    };
    const r = await liveAndReplay(polls, rules, ['groupCpu'], 60_000);
    expect(r.live).toEqual([]);
    expect(r.replayed).toEqual([]);
    // The quiet hours were passed over: only the hour with the burst (and a minute before it) was read.
    expect(r.rows).toBeLessThan(r.samples / 2);
  });

  it('older history, kept as minute means, is replayed a bucket at a time and still finds the episode', () => {
    const store = new Store(join(dir, 'rolled.sqlite'));
    const hosts = ['web-1', 'web-2'].map((id) => ({ id, name: id, tags: ['web'], intervalMs: 10_000 }));
    for (const h of hosts) store.upsertHost({ ...h, kind: 'ssh' }, 0);
    // Two days at 10 s: both at 90 % CPU from 02:10 for 40 minutes on the first night, 20 % otherwise.
    const night = T0 + 2 * 3_600_000 + 10 * 60_000;
    const samples = [];
    for (let ts = T0; ts < T0 + 2 * 86_400_000; ts += 10_000)
      for (const h of hosts) {
        const busy = ts >= night && ts < night + 40 * 60_000 ? 90 : 20;
        samples.push(makeSample(h.id, ts, { cpu: { cores: 4, busyPct: busy, iowaitPct: 0, stealPct: 0 } }));
      }
    store.writeSamples(samples);
    // Raw polls older than a day pruned: the first night is read from 1-minute means.
    while (store.pruneStep(T0 + 30 * 86_400_000, { raw: 29, '1m': 365, '15m': 365, '1h': 730 }, 100_000) > 0);
    const rules: RulesConfig = {
      defaults: {},
      tags: {
        web: { groupCpu: { warn: 80, clearWarn: 75, critical: 95, clearCritical: 90, forMs: 10 * 60_000 } },
      },
      hosts: {},
    };
    try {
      const into = newCollect();
      groupBacktest(
        {
          config: rules,
          kinds: ['groupCpu'],
          groups: [{ tag: 'web', members: hosts }],
          from: T0,
          to: T0 + 2 * 86_400_000,
          source: store.history,
        },
        into,
      );
      expect(into.resolution.list().map((x) => x.tier)).toEqual(['1m', 'raw']);
      expect(into.episodes.total).toBe(1);
      const [ep] = into.episodes.episodes();
      // A minute's mean holds the rise to the minute: 10 min into the burst, within one bucket.
      expect(ep!.startTs).toBeGreaterThanOrEqual(night + 10 * 60_000);
      expect(ep!.startTs).toBeLessThanOrEqual(night + 11 * 60_000);
      expect(ep!.endTs! - ep!.startTs).toBeGreaterThanOrEqual(39 * 60_000);
      expect(ep!.endTs! - ep!.startTs).toBeLessThanOrEqual(41 * 60_000);
    } finally {
      store.close();
    }
  });

  it('reads a group at its coarsest member’s tier where their stored resolutions differ', () => {
    const seg = (tier: 'raw' | '1m' | '15m', fromTs: number, toTs: number) => ({
      tier,
      stepMs: null,
      polls: 0,
      fromTs,
      toTs,
    });
    expect(
      groupStretches([
        [seg('15m', 0, 999), seg('1m', 1_000, 4_999), seg('raw', 5_000, 9_999)],
        [seg('1m', 500, 2_999), seg('raw', 3_000, 9_999)],
      ]),
    ).toEqual([
      { tier: '15m', fromTs: 0, toTs: 999 },
      { tier: '1m', fromTs: 1_000, toTs: 4_999 },
      { tier: 'raw', fromTs: 5_000, toTs: 9_999 },
    ]);
    expect(groupStretches([[], []])).toEqual([]);
  });
});
