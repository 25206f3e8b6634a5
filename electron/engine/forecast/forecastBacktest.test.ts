import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeBacktest } from '../../../shared/backtest';
import { runBacktest } from '../rules/backtestHandlers';
import { FakeClock } from '../testing/fakes';
import { testContext, type TestContext } from '../testing/testContext';
import { FORECAST_EVERY_MS, ForecastService } from './forecastService';
import { DAY, GIB, writeHistory } from './testing/syntheticHistory';

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
let dir = '';
let ctx: TestContext;
let clock: FakeClock;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-forecast-backtest-'));
  clock = new FakeClock(NOW - FORECAST_EVERY_MS);
  ctx = testContext({ dataDir: dir, clock });
  // /var fills 5 GiB a day, 80 of 100 GiB now: full in 4 days, so under 7 days from 3 days ago.
  writeHistory(ctx.store, 'web-1', NOW - 6 * DAY, NOW, 5 * 60_000, (ts) => ({
    disks: [{ mount: '/var', totalBytes: 100 * GIB, usedBytes: (80 + (5 * (ts - NOW)) / DAY) * GIB }],
  }));
  const host = ctx.store.listHosts().find((h) => h.id === 'web-1')!;
  ctx.hosts.mount({
    ...host,
    name: 'web-1.example',
    kind: 'ssh',
    ssh: { user: 'ops', host: '10.0.0.5', port: 22 },
  });
});
afterEach(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('back-testing the forecast rule', () => {
  it('replays the fits every 15 minutes: amber once the disk is under 7 days from full, as the live service is at the end', async () => {
    const r = runBacktest(ctx, {
      rules: { defaults: {}, tags: {}, hosts: {} },
      kinds: ['forecast'],
      fromTs: NOW - 6 * DAY,
      toTs: NOW,
    });
    expect(r).toMatchObject({ kinds: ['forecast'], hosts: 1, groups: 0, total: 1 });
    const [ep] = r.episodes;
    expect(ep).toMatchObject({
      hostId: 'web-1',
      name: 'web-1.example',
      signal: 'forecast:disk:/var',
      kind: 'forecast',
      level: 'warn',
      endTs: null,
    });
    // Days to full fall under 7 at NOW − 3 days; the fit's range and the rule's two fits put
    // the rise within a few fits of that.
    expect(Math.abs(ep!.startTs - (NOW - 3 * DAY))).toBeLessThanOrEqual(8 * FORECAST_EVERY_MS);
    expect(ep!.reason).toMatch(/\/var full in about/);
    expect(r.notes).toEqual([expect.stringMatching(/^Forecasts are judged by the built-in rule/)]);
    expect(describeBacktest(r, NOW)).toMatch(
      /^Would have fired once in the last 6 days: \w{3} .* still raised at the end\.$/,
    );

    // The live service, fitted a step before the end and at it (its `for`), holds the same level.
    const live = new ForecastService({ ...ctx, hosts: ctx.hosts });
    live.refreshAll();
    await clock.advance(FORECAST_EVERY_MS);
    live.refreshAll();
    expect(live.raised('web-1').map((x) => [x.forecast.id, x.level])).toEqual([['disk:/var', 'warn']]);
  });

  it('a forecast is a host’s: asked of a group it is refused, and a host with no history reads nothing', () => {
    expect(() =>
      runBacktest(ctx, {
        rules: { defaults: {}, tags: {}, hosts: {} },
        kinds: ['forecast'],
        tags: ['web'],
        fromTs: NOW - DAY,
        toTs: NOW,
      }),
    ).toThrow(/"forecast" is judged per host, not per group/);
    const before = runBacktest(ctx, {
      rules: { defaults: {}, tags: {}, hosts: {} },
      kinds: ['forecast'],
      fromTs: NOW - 30 * DAY,
      toTs: NOW - 20 * DAY,
    });
    expect(before).toMatchObject({ hosts: 0, total: 0, notes: [] });
  });
});
