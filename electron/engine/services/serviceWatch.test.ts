import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/dispatch';
import { LOCAL_HOST_ID } from '../../../shared/hosts';
import { serviceSeriesKey, type ServiceReading, type ServiceState } from '../../../shared/services';
import type { Alerting } from '../alerting';
import { FakeClock } from '../testing/fakes';
import { sliceApi, testAlerting, testContext, type TestContext } from '../testing/testContext';
import { wireServiceHealth } from './serviceAlerting';
import { serviceHandlers } from './serviceHandlers';
import { ServiceWatch, wireServiceBoard } from './serviceWatch';
import { ServiceProblemError, type ServiceDriver } from './types';

/**
 * A driver whose "client" is printf on this machine: each poll prints a counter the test sets,
 * so the watch's own work (running the one command, keeping the previous snapshot, rates,
 * storing metrics and statements, asking for new texts, failures) is tested without a database.
 */
interface Snap {
  commits: number;
  texts: Record<string, string>;
}
let commits = 0;
let fail: ServiceProblemError | null = null;
const asked: string[][] = [];
const fakeDriver: ServiceDriver<Snap> = {
  kind: 'postgres',
  command: (_cfg, ask) => {
    asked.push([...ask.textsFor]);
    const texts = Object.fromEntries(ask.textsFor.map((id) => [id, `SELECT ${id}`]));
    return ['printf', '%s', JSON.stringify({ commits, texts })];
  },
  parse: (out) => {
    if (fail) throw fail;
    return JSON.parse(out.stdout) as Snap;
  },
  derive: (prev, cur, ctx) => {
    const reading: ServiceReading = {
      serviceId: ctx.serviceId,
      ts: ctx.ts,
      pollMs: ctx.pollMs,
      metrics: {
        'pg.tps': prev ? ((cur.commits - prev.commits) * 1000) / ctx.elapsedMs : null,
        'pg.connections': 182,
        'pg.max_connections': 200,
        'pg.conn_idle_in_tx': 40,
        'not.a.metric': 5,
      },
      labelled: [['pg.replication_lag_bytes', 'replica=r1', 1024]],
      sessions: [],
      advice: [],
      topQueries: prev ? [{ queryId: '42', calls: 10, totalMs: 50, meanMs: 5, rows: 10, blocks: 3 }] : [],
      notes: [],
    };
    return { reading, texts: new Map(Object.entries(cur.texts)) };
  },
};

let dir: string;
let ctx: TestContext;
let clock: FakeClock;
let watch: ServiceWatch;
let alerting: Alerting;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-svc-'));
  clock = new FakeClock();
  // Judged by the alert rules as the engine wires them; no `for`, so one poll shows its colour
  // (serviceAlerting.test.ts covers `for`, hysteresis and staleness).
  const rules = {
    defaults: { dbConnections: { forMs: 0 }, serviceDown: { forMs: 0 } },
    tags: {},
    hosts: {},
  };
  ctx = testContext({ dataDir: dir, local: true, clock, settings: { rules } });
  alerting = testAlerting(ctx);
  watch = new ServiceWatch(ctx, { postgres: fakeDriver });
  wireServiceHealth(watch, alerting);
  commits = 0;
  fail = null;
  asked.length = 0;
});
afterEach(async () => {
  watch.stop();
  await alerting.stop();
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ServiceWatch', () => {
  it('polls a service on this machine with one command, stores its metrics and top statements, and fetches new texts once', async () => {
    const events: (ServiceState | null)[] = [];
    ctx.on('services:changed', (e) => events.push(e.state));
    const first = await watch.add({ hostId: LOCAL_HOST_ID, kind: 'postgres', socketDir: '/tmp' });
    expect(first.status).toBe('ok');
    expect(first.config).toMatchObject({
      id: 'local/postgres',
      port: 5432,
      via: 'peer',
      osUser: 'postgres',
      socketDir: '/tmp',
    });
    expect(first.latest?.metrics['pg.tps']).toBeNull(); // one reading: no rate yet
    expect(first.health).toEqual({
      state: 'amber',
      reasons: ['local postgres: 182 of 200 connections (91 %), 40 idle in transaction'],
    });

    await clock.advance(10_000);
    commits = 500;
    const second = await watch.pollNow('local/postgres');
    expect(second.latest?.metrics['pg.tps']).toBe(50);
    expect(second.latest?.topQueries.map((q) => q.queryId)).toEqual(['42']);
    await clock.advance(10_000);
    await watch.pollNow('local/postgres');
    await clock.advance(10_000);
    await watch.pollNow('local/postgres');
    // The text of statement 42 is asked for once, in the poll after it first reached the top list.
    expect(asked).toEqual([[], [], ['42'], []]);
    expect(watch.store.text('local/postgres', '42')).toBe('SELECT 42');

    const range = ctx.store.range(
      serviceSeriesKey('local/postgres'),
      [
        { metric: 'pg.tps', labels: '' },
        { metric: 'svc.up', labels: '' },
        { metric: 'pg.replication_lag_bytes', labels: 'replica=r1' },
      ],
      ctx.clock.now() - 60_000,
      ctx.clock.now(),
      100,
    );
    expect(range.series[0]!.map((p) => p[1])).toEqual([50, 0, 0]);
    expect(range.series[1]!.every((p) => p[1] === 1)).toBe(true);
    expect(range.series[2]![0]![1]).toBe(1024);
    expect(events.map((e) => e?.status)).toEqual(['ok', 'ok', 'ok', 'ok']);

    const api = sliceApi(serviceHandlers(watch));
    const top = await dispatch(api, 'services:topQueries', {
      serviceId: 'local/postgres',
      range: { fromTs: 0, toTs: ctx.clock.now() },
    });
    expect(top.ok && (top.result as { rows: unknown[] }).rows[0]).toMatchObject({
      queryId: '42',
      text: 'SELECT 42',
      after: { calls: 30, totalMs: 150, meanMs: 5 },
    });
  });

  it('shows a failed poll as a state in words, keeps polling, and restarts rates after it', async () => {
    await watch.add({ hostId: LOCAL_HOST_ID, kind: 'postgres' });
    fail = new ServiceProblemError(
      'refused',
      'sudo refused: add "gb ALL=(postgres) NOPASSWD: /usr/bin/psql" to sudoers.',
    );
    await clock.advance(10_000);
    const failed = await watch.pollNow('local/postgres');
    expect(failed).toMatchObject({ status: 'failed', problem: 'refused' });
    expect(failed.health.state).toBe('red');
    expect(failed.health.reasons[0]).toContain('local postgres: sudo refused');
    fail = null;
    await clock.advance(10_000);
    const back = await watch.pollNow('local/postgres');
    expect(back.status).toBe('ok');
    expect(back.latest?.metrics['pg.tps']).toBeNull(); // a new baseline after the failure
  });

  it('refuses what it cannot poll, in words, and forgets a removed service with its data', async () => {
    const api = sliceApi(serviceHandlers(watch));
    const unknownHost = await dispatch(api, 'services:add', { hostId: 'nope', kind: 'postgres' });
    expect(unknownHost.ok || unknownHost.error.code).toBe('not_found');
    const noDriver = await dispatch(api, 'services:add', { hostId: LOCAL_HOST_ID, kind: 'redis' });
    expect(noDriver.ok || noDriver.error.message).toContain('not supported yet');
    const badPath = await dispatch(api, 'services:add', {
      hostId: LOCAL_HOST_ID,
      kind: 'postgres',
      socketDir: '/tmp/../etc; rm -rf /',
    });
    expect(badPath.ok || badPath.error.issues?.[0]?.path).toEqual(['socketDir']);

    await watch.add({ hostId: LOCAL_HOST_ID, kind: 'postgres', port: 5433 });
    expect(watch.list().map((s) => s.config.id)).toEqual(['local/postgres-5433']);
    watch.remove('local/postgres-5433');
    expect(watch.list()).toEqual([]);
    expect(watch.store.list()).toEqual([]);
    const gone = await dispatch(api, 'services:poll', { serviceId: 'local/postgres-5433' });
    expect(gone.ok || gone.error.code).toBe('not_found');
  });

  it("leaves the poll's own statements out of the top list once their text shows them to be", async () => {
    const own = new ServiceWatch(ctx, {
      postgres: { ...fakeDriver, ownStatement: (t: string) => t === 'SELECT 42' },
    });
    await own.add({ hostId: LOCAL_HOST_ID, kind: 'postgres' });
    await clock.advance(10_000);
    expect((await own.pollNow('local/postgres')).latest?.topQueries.map((q) => q.queryId)).toEqual(['42']);
    await clock.advance(10_000);
    // This poll brings 42's text, "SELECT 42": the poll's own, so it leaves the list and the store.
    expect((await own.pollNow('local/postgres')).latest?.topQueries).toEqual([]);
    expect(own.store.totals('local/postgres', 0, clock.now())).toEqual([]);
    const again = new ServiceWatch(ctx, {
      postgres: { ...fakeDriver, ownStatement: (t: string) => t === 'SELECT 42' },
    });
    await clock.advance(10_000);
    await again.pollNow('local/postgres');
    await clock.advance(10_000);
    expect((await again.pollNow('local/postgres')).latest?.topQueries).toEqual([]); // known after a restart too
  });

  it("puts a service's amber or red on its host's card, with its reasons", async () => {
    wireServiceBoard(ctx.hosts, watch, (event, listener) => ctx.on(event, listener));
    watch.useJudge((config, state) =>
      state.status === 'failed'
        ? { state: 'red', reasons: [`${config.hostId} postgres: down`] }
        : { state: 'green', reasons: [] },
    );
    await ctx.hosts.pollNow(LOCAL_HOST_ID);
    await watch.add({ hostId: LOCAL_HOST_ID, kind: 'postgres' });
    const host = () => ctx.hosts.board().find((b) => b.host.id === LOCAL_HOST_ID)!.health;
    expect(host().reasons).not.toContain('local postgres: down');
    fail = new ServiceProblemError('unreachable', 'connection refused');
    await watch.pollNow('local/postgres');
    expect(host()).toMatchObject({ state: 'red', reasons: expect.arrayContaining(['local postgres: down']) });
    watch.remove('local/postgres');
    expect(host().reasons).not.toContain('local postgres: down');
  });

  it('keeps its services across a restart', async () => {
    await watch.add({ hostId: LOCAL_HOST_ID, kind: 'postgres' });
    const again = new ServiceWatch(ctx, { postgres: fakeDriver });
    expect(again.list().map((s) => [s.config.id, s.status])).toEqual([['local/postgres', 'pending']]);
  });
});
