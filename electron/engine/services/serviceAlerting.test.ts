import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostNotification } from '../../../shared/alerts';
import { LOCAL_HOST_ID } from '../../../shared/hosts';
import type { ServiceReading } from '../../../shared/services';
import { alertingRig, type AlertingRig } from '../testing/alertingRig';
import { FakeClock } from '../testing/fakes';
import { mountThisMachine, testAlerting } from '../testing/testContext';
import { wireServiceHealth } from './serviceAlerting';
import { ServiceWatch } from './serviceWatch';
import { ServiceProblemError, type ServiceDriver } from './types';

/**
 * The service watch wired to the real alerting, as the engine wires it, with a fake driver (its
 * "client" is printf on this machine; PostgreSQL itself is not what is tested here): a service's
 * red is logged, notified once, recovers, and a silence on its host silences it.
 */
let fail: ServiceProblemError | null = null;
let connections = 10;
const fakeDriver: ServiceDriver<{ n: number }> = {
  kind: 'postgres',
  command: () => ['printf', '%s', JSON.stringify({ n: connections })],
  parse: (out) => {
    if (fail) throw fail;
    return JSON.parse(out.stdout) as { n: number };
  },
  derive: (_prev, cur, ctx) => {
    const reading: ServiceReading = {
      serviceId: ctx.serviceId,
      ts: ctx.ts,
      pollMs: ctx.pollMs,
      metrics: { 'pg.connections': cur.n, 'pg.max_connections': 200, 'pg.conn_idle_in_tx': 0 },
      labelled: [],
      sessions: [],
      advice: [],
      topQueries: [],
      notes: [],
    };
    return { reading, texts: new Map() };
  },
};

const REFUSED = new ServiceProblemError('unreachable', 'connection refused: is PostgreSQL running?');
const STEP = 15_000;

let dir: string;
let clock: FakeClock;
let rig: AlertingRig;
let watch: ServiceWatch;
let notes: HostNotification[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-svc-alert-'));
  clock = new FakeClock();
  rig = alertingRig({ dataDir: dir, clock });
  watch = new ServiceWatch(rig.ctx, { postgres: fakeDriver });
  wireServiceHealth(watch, rig.alerting);
  mountThisMachine(rig.ctx);
  notes = [];
  rig.ctx.on('notify:host', (n) => notes.push(n));
  rig.screens.add(() => ({ kind: 'desktop', shown: true }));
  fail = null;
  connections = 10;
  await watch.add({ hostId: LOCAL_HOST_ID, kind: 'postgres' });
});

afterEach(async () => {
  watch.stop();
  await rig.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** One poll per interval for `ms`. */
async function polls(ms: number) {
  for (let t = 0; t < ms; t += STEP) {
    await clock.advance(STEP);
    await watch.pollNow('local/postgres');
  }
}

const serviceRows = async () =>
  (await rig.api['alerts:list']({ scope: 'all', limit: 100 })).entries
    .filter((e) => e.kind === 'service')
    .reverse();

describe('a service in alerting', () => {
  it('logs its red once it has lasted a minute, notifies it once, and its recovery', async () => {
    fail = REFUSED;
    await polls(STEP);
    // One failed poll is not red yet (the rule's `for` runs), nor green: amber, with what failed.
    expect(watch.list()[0]!.health).toEqual({
      state: 'amber',
      reasons: ['local postgres: connection refused: is PostgreSQL running?'],
    });
    await polls(3 * STEP); // failing for 45 s since the first
    expect(await serviceRows()).toEqual([]);
    await polls(STEP); // for a minute
    const red = watch.list()[0]!.health;
    expect(red).toEqual({
      state: 'red',
      reasons: ['local postgres: connection refused: is PostgreSQL running?'],
    });
    await polls(5 * STEP); // still down: no second notification
    fail = null;
    await polls(5 * STEP);
    expect(watch.list()[0]!.health.state).toBe('green');

    const rows = await serviceRows();
    expect(rows.map((e) => [e.hostId, e.from, e.to, e.notice?.split(' (')[0]])).toEqual([
      ['local/postgres', 'ok', 'critical', 'notified'],
      ['local/postgres', 'critical', 'ok', 'notified'],
    ]);
    expect(rows[0]!.reason).toBe('local postgres: connection refused: is PostgreSQL running?');
    expect(notes.map((n) => [n.hostId, n.kind, n.title])).toEqual([
      [LOCAL_HOST_ID, 'red', 'local postgres is red'],
      [LOCAL_HOST_ID, 'recovered', 'local postgres recovered'],
    ]);
    // The signal's own change is in the log too, under the service's id, and filed under its host.
    const ofHost = await rig.api['alerts:list']({ scope: 'signals', hostId: LOCAL_HOST_ID, limit: 100 });
    expect(ofHost.entries.map((e) => `${e.signal} ${e.to}`).reverse()).toEqual([
      'serviceDown critical',
      'service critical',
      'serviceDown ok',
      'service ok',
    ]);
  });

  it('is silenced by a silence on its host: the red is logged, not notified', async () => {
    rig.alerting.addSilence({
      target: { kind: 'host', hostId: LOCAL_HOST_ID },
      minutes: 60,
      by: 'ana',
      why: 'upgrading PostgreSQL',
    });
    fail = REFUSED;
    await polls(5 * STEP);
    const rows = await serviceRows();
    expect(rows.map((e) => e.to)).toEqual(['critical']);
    expect(rows[0]!.notice).toMatch(/^not notified: silenced by ana until .*: upgrading PostgreSQL$/);
    expect(notes).toEqual([]);
  });

  it('keeps a raised state across a restart without announcing it again', async () => {
    connections = 190;
    await polls(3 * STEP);
    await polls(6 * STEP); // 95 %: critical after 2 min
    expect(watch.list()[0]!.health.state).toBe('red');
    expect(notes).toHaveLength(1);
    // A restart: a new alerting and watch over the same store.
    const fresh = testAlerting(rig.ctx);
    const again = new ServiceWatch(rig.ctx, { postgres: fakeDriver });
    wireServiceHealth(again, fresh);
    await clock.advance(STEP);
    const st = await again.pollNow('local/postgres');
    expect(st.health.state).toBe('red');
    expect((await serviceRows()).map((e) => e.to)).toEqual(['critical']);
    again.stop();
    await fresh.stop();
  });
});
