import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBacktest, type BacktestInput } from '../../../shared/backtest';
import { GreenboardError } from '../../../shared/errors';
import type { Sample } from '../../../shared/schemas';
import { makeSample } from '../testing/fakes';
import { testContext, type TestContext } from '../testing/testContext';
import { runBacktest } from './backtestHandlers';

// Three web hosts and a database over a day at 10 s, written through the real store: the web
// group's CPU at 90 % for 40 minutes from 02:10, web-3 taking three times the others' share
// from 12:00 for an hour, 20 % otherwise.
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 30, 0, 0);
const END = T0 + 86_400_000;
const BURST = T0 + 2 * 60 * MIN + 10 * MIN;
const SKEWED = T0 + 12 * 60 * MIN;

let dir: string;
let ctx: TestContext;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-backtest-handler-'));
  ctx = testContext({ dataDir: dir });
  for (const id of ['web-1', 'web-2', 'web-3'])
    ctx.hosts.mount({ id, name: `${id}.example`, kind: 'ssh', intervalMs: 10_000, tags: ['web'] });
  ctx.hosts.mount({ id: 'db-1', name: 'db-1.example', kind: 'ssh', intervalMs: 10_000, tags: ['db'] });
  ctx.hosts.mount({ id: 'new-1', name: 'new-1', kind: 'ssh', intervalMs: 10_000, tags: ['empty'] });
  let batch: Sample[] = [];
  for (let ts = T0; ts <= END; ts += 10_000) {
    for (const id of ['web-1', 'web-2', 'web-3', 'db-1']) {
      let busy = ts >= BURST && ts < BURST + 40 * MIN ? 90 : 20;
      if (id === 'web-3' && ts >= SKEWED && ts < SKEWED + 60 * MIN) busy = 60;
      batch.push(makeSample(id, ts, { cpu: { cores: 4, busyPct: busy, iowaitPct: 0, stealPct: 0 } }));
    }
    if (batch.length >= 4_000) {
      ctx.store.writeSamples(batch);
      batch = [];
    }
  }
  ctx.store.writeSamples(batch);
});

afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

const base: BacktestInput = {
  rules: { defaults: {}, tags: {}, hosts: {} },
  fromTs: T0,
  toTs: END,
};
const test = (over: Partial<BacktestInput>) => runBacktest(ctx, { ...base, ...over });
const failure = (over: Partial<BacktestInput>): GreenboardError => {
  try {
    test(over);
  } catch (e) {
    if (e instanceof GreenboardError) return e;
    throw e;
  }
  throw new Error('expected the back-test to refuse');
};

describe('rules:test for groups', () => {
  it('replays a group rule over its members and answers with the group’s name and reason', () => {
    const r = test({ kinds: ['groupCpu'], tags: ['web'] });
    expect(r).toMatchObject({ kinds: ['groupCpu'], hosts: 3, groups: 1, total: 1, notes: [] });
    // The default groupCpu rule: 80 % (critical 90 %) held 30 min to rise, and its clear held as long.
    expect(r.episodes[0]).toMatchObject({
      hostId: 'group:web',
      name: 'group web',
      signal: 'groupCpu',
      level: 'critical',
      startTs: BURST + 30 * MIN,
      endTs: BURST + 40 * MIN + 30 * MIN,
    });
    expect(r.episodes[0]!.reason).toBe(
      'web: mean CPU 90 % across 3 hosts (p90 90 %, max 90 %): add capacity (≥ 90% for 30 min)',
    );
    expect(describeBacktest(r, END)).toMatch(
      /^Would have fired once in the last 24 h: \w{3} .*\d\d:\d\d for 40 min \(group web\)\.$/,
    );
  });

  it('every group when no tag is named; a proposed tag rule is the one the group is judged by', () => {
    const rules = { defaults: {}, tags: { web: { groupCpu: { warn: 95, critical: 99 } } }, hosts: {} };
    const r = test({ rules, kinds: ['groupCpu'] });
    // web now stays under its level; db (one host at 90 %) trips the default.
    expect(r.groups).toBe(3 - 1); // "empty" has no stored history
    expect(r.episodes.map((e) => e.name)).toEqual(['group db']);
    expect(describeBacktest(r, END)).toMatch(/\(group db\)\.$/);
  });

  it('skew names the member that took more than its share, and says what it was judged by', () => {
    const r = test({ kinds: ['skew'], tags: ['web'] });
    expect(r.total).toBe(1);
    expect(r.episodes[0]).toMatchObject({ signal: 'skew:cpu', startTs: SKEWED + 15 * MIN });
    expect(r.episodes[0]!.reason).toMatch(/^web: web-3\.example takes 1\.8× its share of cpu/);
    expect(r.notes[0]).toMatch(/request counts and weights are not kept in the history/);
  });

  it('host and group kinds in one request; hosts are named by name', () => {
    const rules = { defaults: { cpu: { warn: 85, forMs: 5 * MIN } }, tags: {}, hosts: {} };
    const r = test({ rules, kinds: ['cpu', 'groupCpu'] });
    expect(new Set(r.episodes.map((e) => e.name))).toEqual(
      new Set(['web-1.example', 'web-2.example', 'web-3.example', 'db-1.example', 'group web', 'group db']),
    );
    expect(r.hosts).toBe(4);
  });

  it('a group with no stored history, and a range before any history, say there is nothing to test', () => {
    const empty = test({ kinds: ['groupCpu'], tags: ['empty'] });
    expect(empty).toMatchObject({ hosts: 0, groups: 0, total: 0, rows: 0 });
    expect(describeBacktest(empty)).toBe('No stored history in the last 24 h to test against.');
    const before = test({ kinds: ['groupCpu'], fromTs: T0 - 7 * 86_400_000, toTs: T0 - 86_400_000 });
    expect(before).toMatchObject({ hosts: 0, groups: 0, total: 0 });
  });

  it('refuses a tag no host carries, and a kind asked of the wrong subject, saying what to do', () => {
    const unknown = failure({ kinds: ['groupCpu'], tags: ['api'] });
    expect(unknown.code).toBe('not_found');
    expect(unknown.message).toBe(
      'No group "api" in this history: a group is a tag, and no host here carries it. The groups are "db", "empty", "web".',
    );
    const hostKind = failure({ kinds: ['cpu'], tags: ['web'] });
    expect(hostKind.code).toBe('bad_request');
    expect(hostKind.message).toMatch(/^"cpu" is judged per host, not per group: test it with hostIds/);
    expect(hostKind.issues).toEqual([{ path: ['kinds'], message: "cpu: not a group's kind" }]);
    const groupKind = failure({ kinds: ['skew', 'groupCpu'], hostIds: ['web-1'] });
    expect(groupKind.code).toBe('bad_request');
    expect(groupKind.message).toBe(
      '"skew", "groupCpu" are judged per group (the hosts sharing a tag), not per host: test them with tags instead of hostIds.',
    );
  });
});
