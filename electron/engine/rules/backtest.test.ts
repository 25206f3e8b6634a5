import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBacktest, HOST_SIGNAL_KINDS, resolutionNote, type Episode } from '../../../shared/backtest';
import { makeSample } from '../testing/fakes';
import { Store } from '../store/store';
import { backtest } from './backtest';
import { RuleEngine, type StateChange } from './ruleEngine';
import type { RulesConfig } from './ruleTypes';

const dir = mkdtempSync(join(tmpdir(), 'gb-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 10, 30, 0, 0);
const HOSTS = ['web-1', 'web-2'] as const;

/** What the live engine did, as episodes: the reference the back-test must equal. */
function liveEpisodes(changes: readonly StateChange[]): Omit<Episode, 'reason'>[] {
  const open = new Map<string, Omit<Episode, 'reason'>>();
  const out: Omit<Episode, 'reason'>[] = [];
  for (const c of changes) {
    if (c.kind === 'data') continue;
    const key = `${c.hostId}\u0000${c.signal}`;
    const ep = open.get(key);
    if (c.to === 'warn' || c.to === 'critical') {
      if (ep) {
        if (c.to === 'critical') ep.level = 'critical';
        continue;
      }
      const e = {
        hostId: c.hostId,
        name: c.hostId,
        signal: c.signal,
        kind: c.kind,
        level: c.to,
        startTs: c.at,
        endTs: null,
      };
      open.set(key, e);
      out.push(e);
    } else if (ep) {
      ep.endTs = c.at;
      open.delete(key);
    }
  }
  return out.sort((a, b) => a.startTs - b.startTs || a.hostId.localeCompare(b.hostId));
}

// Values on the store's own grid (0.01 % for percentages, whole KiB for bytes), so a value at a
// rule's level is stored as exactly that value: quantising is the store's, not the replay's.
const pct = fc.integer({ min: 0, max: 10_000 }).map((x) => x / 100);
const poll = fc.record({
  host: fc.constantFrom(...HOSTS),
  // About one interval; a few polls come after a gap longer than staleness (quiet, below).
  gapMs: fc.integer({ min: 4_000, max: 6_000 }),
  busy: pct,
  diskPct: pct,
  memKiB: fc.integer({ min: 0, max: 16 * 2 ** 20 }),
  load5: fc.integer({ min: 0, max: 800 }).map((x) => x / 100),
});
const rule = fc
  .record({
    warn: fc.integer({ min: 10, max: 80 }),
    gap: fc.integer({ min: 1, max: 15 }),
    up: fc.integer({ min: 1, max: 20 }),
    forMs: fc.constantFrom(0, 5_000, 15_000, 60_000),
  })
  .map(({ warn, gap, up, forMs }) => ({
    warn,
    clearWarn: warn - gap,
    critical: warn + up,
    clearCritical: warn + up - gap,
    forMs,
  }));
const config = fc
  .record({ cpu: rule, disk: rule, memory: rule, tagged: fc.option(rule, { nil: undefined }) })
  .map(({ cpu, disk, memory, tagged }): RulesConfig => ({
    defaults: { cpu, disk, memory },
    tags: tagged ? { edge: { cpu: tagged } } : {},
    hosts: {},
  }));

describe('back-testing a rule over stored history', () => {
  it('finds what the live rule engine found over the same polls (random histories, raw tier)', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(poll, { minLength: 1, maxLength: 200 }),
        // Up to nine quiet spells (the host sent nothing for longer than staleness), at poll
        // positions: few enough that the polls' median gap stays the host's interval.
        fc.array(fc.record({ at: fc.nat(), gapMs: fc.integer({ min: 20_000, max: 120_000 }) }), {
          maxLength: 9,
        }),
        config,
        fc.subarray(['cpu', 'disk', 'memory', 'load'] as const, { minLength: 1 }),
        (steady, quiet, rules, kinds) => {
          const polls = steady.map((p) => ({ ...p }));
          for (const q of quiet) if (polls.length) polls[q.at % polls.length]!.gapMs += q.gapMs;
          const store = new Store(join(dir, `p${run++}.sqlite`));
          const hosts = HOSTS.map((id, i) => ({ id, tags: i === 1 ? ['edge'] : [], intervalMs: 5_000 }));
          for (const h of hosts)
            store.upsertHost({ id: h.id, name: h.id, kind: 'local', intervalMs: 5_000, tags: h.tags }, 0);
          const clock = { t: T0 };
          const live = new RuleEngine({
            clock: { now: () => clock.t, setTimeout: () => null, clearTimeout: () => {} },
            config: rules,
          });
          for (const h of hosts) live.setHost(h);
          const changes: StateChange[] = [];
          const at = { 'web-1': T0, 'web-2': T0 + 2_500 };
          try {
            for (const p of polls) {
              at[p.host] += p.gapMs;
              clock.t = at[p.host];
              const s = makeSample(p.host, at[p.host], {
                cpu: { cores: 4, busyPct: p.busy, iowaitPct: 1, stealPct: 0 },
                load: [p.load5, p.load5, p.load5],
                mem: { totalBytes: 16 * 2 ** 30, usedBytes: p.memKiB * 1024, availableBytes: 0 },
                disks: [
                  { mount: '/', fs: 'ext4', totalBytes: 2 ** 40, usedBytes: 2 ** 39, usedPct: p.diskPct },
                ],
              });
              store.writeSample(s);
              // The live engine sees every kind; only the tested kinds' changes are compared.
              changes.push(...live.observe(s).filter((c) => (kinds as readonly string[]).includes(c.kind)));
            }
            const r = backtest({
              config: rules,
              kinds,
              hosts,
              from: T0,
              to: T0 + 10 * 86_400_000,
              source: store.history,
            });
            expect(r.episodes.map(({ reason: _, ...e }) => e)).toEqual(liveEpisodes(changes));
            expect(r.rows).toBeLessThanOrEqual(polls.length);
            expect(r.resolution.map((x) => x.tier)).toEqual(['raw']);
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers in words, and says when older history is minute means rather than polls', () => {
    const path = join(dir, 'words.sqlite');
    const store = new Store(path);
    store.upsertHost({ id: 'db-1', name: 'db-1', kind: 'local', intervalMs: 5_000, tags: [] }, 0);
    // Two days at 5 s: CPU at 95 % from 02:10 for 14 min on the first night, 20 % otherwise.
    const night = T0 + 2 * 3_600_000 + 10 * 60_000;
    for (let ts = T0; ts < T0 + 2 * 86_400_000; ts += 5_000) {
      const busy = ts >= night && ts < night + 14 * 60_000 ? 95 : 20;
      store.writeSample(
        makeSample('db-1', ts, { cpu: { cores: 4, busyPct: busy, iowaitPct: 0, stealPct: 0 } }),
      );
    }
    const hosts = [{ id: 'db-1', tags: [], intervalMs: 5_000 }];
    const rules: RulesConfig = {
      defaults: { cpu: { warn: 85, clearWarn: 80, critical: 99, clearCritical: 95, forMs: 5 * 60_000 } },
      tags: {},
      hosts: {},
    };
    const run = (): ReturnType<typeof backtest> =>
      backtest({
        config: rules,
        kinds: ['cpu'],
        hosts,
        from: T0,
        to: T0 + 2 * 86_400_000,
        source: store.history,
      });
    const raw = run();
    expect(raw.total).toBe(1);
    // Raised 5 min into the burst (its `for`), cleared 5 min after it ended.
    expect(raw.episodes[0]).toMatchObject({
      hostId: 'db-1',
      signal: 'cpu',
      level: 'warn',
      startTs: night + 5 * 60_000,
    });
    expect(raw.episodes[0]!.endTs).toBe(night + 14 * 60_000 + 5 * 60_000);
    const result = { ...raw, fromTs: T0, toTs: T0 + 2 * 86_400_000, kinds: ['cpu'], groups: 0, notes: [] };
    // The episode lasted 14 min of burst plus the 5 min `for` of its clear, less the 5 min of its rise.
    expect(describeBacktest(result, T0 + 2 * 86_400_000)).toMatch(
      /^Would have fired once in the last 2 days: \w{3} .*\d{2}:\d{2} for 14 min\.$/,
    );
    expect(resolutionNote(result)).toBeNull();

    // Older raw polls pruned (as retention does after two days): the first night is now read
    // from 1-minute means, with each bucket's step as the interval, and still found.
    const keep = { raw: 29, '1m': 365, '15m': 365, '1h': 730 };
    while (store.pruneStep(T0 + 30 * 86_400_000, keep, 100_000) > 0);
    const rolled = run();
    expect(rolled.resolution.map((x) => x.tier)).toContain('1m');
    expect(rolled.total).toBe(1);
    expect(rolled.episodes[0]!.startTs).toBeGreaterThanOrEqual(night);
    expect(rolled.episodes[0]!.startTs).toBeLessThanOrEqual(night + 6 * 60_000);
    expect(
      resolutionNote({
        ...rolled,
        fromTs: T0,
        toTs: T0 + 2 * 86_400_000,
        kinds: ['cpu'],
        groups: 0,
        notes: [],
      }),
    ).toMatch(/1-minute means, not each poll/);
    store.close();
  });

  it('a rule that never trips says so, with how much it read', () => {
    const r = {
      fromTs: T0,
      toTs: T0 + 7 * 86_400_000,
      kinds: [...HOST_SIGNAL_KINDS],
      hosts: 2,
      groups: 0,
      notes: [],
      rows: 40_320,
      episodes: [],
      total: 0,
      resolution: [],
    };
    expect(describeBacktest(r)).toBe('Would not have fired in the last 7 days (2 hosts).');
    expect(describeBacktest({ ...r, rows: 0, hosts: 0 })).toBe(
      'No stored history in the last 7 days to test against.',
    );
  });
});
