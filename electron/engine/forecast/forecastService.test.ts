import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../shared/contract';
import { dispatch } from '../../../shared/dispatch';
import type { Forecast } from '../../../shared/forecasts';
import { promised } from '../api';
import { FakeClock } from '../testing/fakes';
import { testContext, type TestContext } from '../testing/testContext';
import { FORECAST_EVERY_MS, ForecastService, wireForecasts, withForecasts } from './forecastService';
import { forecastHandlers } from './handlers';
import { DAY, GIB, writeHistory } from './testing/syntheticHistory';

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
let dir = '';
let ctx: TestContext;
let clock: FakeClock;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-forecast-svc-'));
  clock = new FakeClock(NOW);
  ctx = testContext({ dataDir: dir, clock });
});
afterEach(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A host whose /var fills 5 GiB a day and is at 80 of 100 GiB now: full in 4 days. */
function fillingHost(id = 'web-1'): void {
  writeHistory(ctx.store, id, NOW - 5 * DAY, NOW, 5 * 60_000, (ts) => ({
    disks: [{ mount: '/var', totalBytes: 100 * GIB, usedBytes: (80 + (5 * (ts - NOW)) / DAY) * GIB }],
  }));
  const host = ctx.store.listHosts().find((h) => h.id === id)!;
  ctx.hosts.mount({ ...host, kind: 'ssh', ssh: { user: 'ops', host: '10.0.0.5', port: 22 } });
}

function service(): ForecastService {
  const svc = new ForecastService({ ...ctx, hosts: ctx.hosts });
  wireForecasts(ctx.hosts, svc);
  return svc;
}

/** A forecast as the fit would give it, due `days` from now. */
function due(days: number | null, now: number): Forecast {
  return {
    id: 'disk:/var',
    kind: 'disk',
    mount: '/var',
    status: days === null ? 'not_filling' : 'filling',
    state: 'green',
    unit: 'bytes',
    level: 1,
    limit: 2,
    slopePerDay: 1,
    slopeLowPerDay: 1,
    slopeHighPerDay: 1,
    etaTs: days === null ? null : now + days * DAY,
    etaLowTs: null,
    etaHighTs: null,
    confidence: 'high',
    fromTs: 0,
    points: 10,
    text: days === null ? '/var not filling' : `/var full in about ${days} days`,
    line: null,
  };
}

describe('forecasts in a host health', () => {
  it('turns a host amber once a fill under 7 days holds over two fits, with the reason in words', async () => {
    fillingHost();
    const svc = service();
    svc.start();
    // The first fit alone does not raise it: the rule's `for` is one fitting interval.
    expect(ctx.hosts.get('web-1').health.state).toBe('green');
    await clock.advance(FORECAST_EVERY_MS);
    const health = ctx.hosts.get('web-1').health;
    expect(health.state).toBe('amber');
    expect(health.reasons).toEqual([expect.stringMatching(/^\/var full in about 4 days \(\d+–\d+\)$/)]);
    svc.stop();
  });

  it('keeps amber inside the hysteresis band, clears after 8 days, and goes red under a day', () => {
    const svc = service();
    let t = NOW;
    const feed = (days: number | null): string => {
      svc.observe('h', [due(days, t)], t);
      t += FORECAST_EVERY_MS;
      return svc.raised('h')[0]?.level ?? 'ok';
    };
    expect([feed(5), feed(5)]).toEqual(['ok', 'warn']);
    // 7.5 days: over the 7-day trip level but under the 8-day clear level: stays amber.
    expect([feed(7.5), feed(7.5), feed(7.5)]).toEqual(['warn', 'warn', 'warn']);
    expect([feed(9), feed(9)]).toEqual(['warn', 'ok']);
    expect([feed(0.5), feed(0.5)]).toEqual(['ok', 'critical']);
    // A cleanup (not filling any more) clears it after the same `for`.
    expect([feed(null), feed(null)]).toEqual(['critical', 'ok']);
  });

  it('a host that is grey or waiting stays so; a red rule outranks an amber forecast', () => {
    const raised = [{ level: 'warn' as const, forecast: due(4, NOW) }];
    expect(withForecasts({ state: 'grey', reasons: ['no data'] }, raised).state).toBe('grey');
    expect(withForecasts({ state: 'waiting', reasons: [] }, raised).state).toBe('waiting');
    expect(withForecasts({ state: 'red', reasons: ['CPU 99%'] }, raised)).toEqual({
      state: 'red',
      reasons: ['CPU 99%', '/var full in about 4 days'],
    });
  });

  it('a fleet is fitted a slice at a time, to its last host, and stop halts it', async () => {
    // 24 flat hosts, then one filling fast: it is fitted in the third slice, not the first task.
    for (let h = 0; h < 24; h++) {
      writeHistory(ctx.store, `flat-${h}`, NOW - 2 * DAY, NOW, 30 * 60_000, () => ({ disks: [] }));
      ctx.hosts.mount(ctx.store.listHosts().find((x) => x.id === `flat-${h}`)!);
    }
    fillingHost('last');
    const svc = service();
    svc.start();
    await clock.advance(FORECAST_EVERY_MS);
    expect(ctx.hosts.get('last').health.state).toBe('amber');
    svc.stop();
    const stopped = service();
    stopped.start();
    stopped.stop();
    await clock.advance(2 * FORECAST_EVERY_MS);
    expect(stopped.raised('last')).toEqual([]);
  });

  it('a host removed is forgotten', async () => {
    fillingHost();
    const svc = service();
    svc.start();
    await clock.advance(FORECAST_EVERY_MS);
    expect(svc.raised('web-1')).toHaveLength(1);
    ctx.hosts.unmount('web-1');
    expect(svc.raised('web-1')).toEqual([]);
    svc.stop();
  });

  it('forecasts:host answers with the fit, and refuses an unknown host or bad input in words', async () => {
    fillingHost();
    const api = promised(forecastHandlers(service(), ctx.hosts)) as unknown as ApiHandlers;
    const ok = await dispatch(api, 'forecasts:host', { hostId: 'web-1' });
    expect(ok.ok).toBe(true);
    const result = (ok as { result: { at: number; forecasts: Forecast[] } }).result;
    expect(result.at).toBe(NOW);
    expect(result.forecasts.map((f) => f.id)).toEqual(['disk:/var', 'inodes:/var', 'memory']);
    const unknown = await dispatch(api, 'forecasts:host', { hostId: 'nope' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((unknown as { error: { message: string } }).error.message).toMatch(/No host named "nope"/);
    const bad = await dispatch(api, 'forecasts:host', { hostId: '', extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('damaged rollup rows are left out, not a crash', async () => {
    fillingHost();
    ctx.store.db.exec("UPDATE rollup_1h SET vals = x'ff'");
    ctx.store.db.exec("UPDATE rollup_15m SET vals = x'ff' WHERE (ts / 900000) % 2 = 0");
    const svc = service();
    const out = svc.forHost('web-1');
    expect(out.forecasts.length).toBe(3);
    for (const f of out.forecasts) expect(typeof f.text).toBe('string');
    svc.refreshAll();
    await clock.advance(1);
  });
});
