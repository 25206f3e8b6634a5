import { describe, expect, it } from 'vitest';
import type { ServiceConfig, ServiceReading, ServiceState } from '../../../shared/services';
import { RuleEngine, type StateChange } from '../rules/ruleEngine';
import type { RulesConfig } from '../rules/ruleTypes';
import { FakeClock } from '../testing/fakes';
import { healthOfStatus, serviceReadings } from './serviceHealth';

// A service's polls through the rule engine with the built-in defaults: `for`, hysteresis,
// staleness by the service's interval, and "unreachable" as a signal.
const STEP = 15_000;
const MIN = 60_000;

const config: ServiceConfig = {
  id: 'db-1/postgres',
  hostId: 'db-1',
  kind: 'postgres',
  port: 5432,
  via: 'peer',
  osUser: 'postgres',
  socketDir: null,
  database: null,
  dbUser: null,
  intervalMs: STEP,
  longQuerySec: 30,
  addedAt: 0,
};

function reading(ts: number, metrics: ServiceReading['metrics']): ServiceReading {
  return {
    serviceId: config.id,
    ts,
    pollMs: 5,
    metrics,
    labelled: [],
    sessions: [],
    advice: [],
    topQueries: [],
    notes: [],
  };
}

function state(over: Partial<ServiceState>): ServiceState {
  return {
    config,
    status: 'ok',
    problem: null,
    message: null,
    latest: null,
    lastOkTs: null,
    health: { state: 'unknown', reasons: [] },
    ...over,
  };
}

function setup(rules?: RulesConfig) {
  const clock = new FakeClock();
  const changes: StateChange[] = [];
  const engine = new RuleEngine({ clock, config: rules, onChange: (c) => changes.push(c) });
  engine.setHost({ id: config.id, tags: [], intervalMs: STEP, rulesOf: config.hostId });
  /** The same poll outcome every interval for `ms`. */
  const hold = async (make: (ts: number) => ServiceState, ms = STEP): Promise<StateChange[]> => {
    const out: StateChange[] = [];
    for (let t = 0; t < ms; t += STEP) {
      const st = make(clock.now());
      const rs = serviceReadings(config, st);
      if (rs) out.push(...engine.observeReadings(config.id, clock.now(), rs));
      await clock.advance(STEP);
    }
    return out;
  };
  const health = (st: ServiceState) => healthOfStatus(config, st, engine.hostStatus(config.id));
  return { clock, engine, changes, hold, health };
}

const conns = (n: number) => (ts: number) =>
  state({
    latest: reading(ts, { 'pg.connections': n, 'pg.max_connections': 200, 'pg.conn_idle_in_tx': 40 }),
  });
const failed = () =>
  state({ status: 'failed', problem: 'unreachable', message: 'connection refused: is PostgreSQL running?' });

describe('a service through the alert rules', () => {
  it('raises connections ≥ 80 % only after `for`, with the reason in words', async () => {
    const { hold, changes, health } = setup();
    await hold(conns(182), 2 * MIN);
    expect(changes.filter((c) => c.signal === 'dbConnections')).toEqual([]);
    await hold(conns(182));
    const up = changes.filter((c) => c.signal === 'dbConnections');
    expect(up).toMatchObject([{ hostId: 'db-1/postgres', kind: 'dbConnections', from: 'ok', to: 'warn' }]);
    expect(up[0]!.reason).toBe(
      'db-1 postgres: 182 of 200 connections (91 %), 40 idle in transaction (≥ 80% for 2 min)',
    );
    expect(health(conns(182)(0))).toEqual({
      state: 'amber',
      reasons: ['db-1 postgres: 182 of 200 connections (91 %), 40 idle in transaction'],
    });
  });

  it('holds a raised state under its trip level until under the clear level (hysteresis)', async () => {
    const { hold, changes, health } = setup();
    await hold(conns(170), 3 * MIN); // 85 %: warn
    await hold(conns(156), 5 * MIN); // 78 %: under 80, not under 75
    expect(changes.filter((c) => c.signal === 'dbConnections').map((c) => c.to)).toEqual(['warn']);
    expect(health(conns(156)(0)).reasons).toEqual([
      'db-1 postgres: 156 of 200 connections (78 %), 40 idle in transaction, warn until under 75%',
    ]);
    await hold(conns(140), 2 * MIN + STEP); // 70 %
    expect(changes.filter((c) => c.signal === 'dbConnections').map((c) => c.to)).toEqual(['warn', 'ok']);
  });

  it('watches a cache hit ratio under 90 % as its miss ratio, and sustained evictions', async () => {
    const { hold, changes } = setup();
    const cold = (ts: number) =>
      state({ latest: reading(ts, { 'redis.hit_pct': 85, 'redis.evictions_ps': 12 }) });
    await hold(cold, 5 * MIN + STEP);
    expect(changes.map((c) => [c.signal, c.to, c.reason])).toEqual([
      ['cacheMiss', 'warn', 'db-1 postgres: cache hit ratio 85 % (≥ 10% for 5 min)'],
      ['evictions', 'warn', 'db-1 postgres: 12.0 evictions/s (≥ 1/s for 5 min)'],
    ]);
  });

  it('raises a query running over 5 min at once: its value is already a duration', async () => {
    const { hold, changes } = setup();
    await hold((ts) => state({ latest: reading(ts, { 'pg.oldest_query_sec': 420 }) }));
    expect(changes.map((c) => [c.signal, c.to, c.reason])).toEqual([
      ['longQuery', 'warn', 'db-1 postgres: a query running 7 min (≥ 300 s)'],
    ]);
  });

  it('turns red when unreachable for a minute, not on one failed poll, and says why', async () => {
    const { hold, changes, health } = setup();
    await hold(conns(10));
    await hold(failed);
    await hold(conns(10));
    expect(changes).toEqual([]);
    await hold(failed, MIN + STEP);
    expect(changes.map((c) => [c.signal, c.from, c.to, c.reason])).toEqual([
      [
        'serviceDown',
        'ok',
        'critical',
        'db-1 postgres: connection refused: is PostgreSQL running? (for 1 min)',
      ],
    ]);
    expect(health(failed())).toEqual({
      state: 'red',
      reasons: ['db-1 postgres: connection refused: is PostgreSQL running?'],
    });
    await hold(conns(10), MIN + STEP);
    expect(changes.at(-1)).toMatchObject({
      signal: 'serviceDown',
      to: 'ok',
      reason: 'db-1 postgres: answering (for 1 min)',
    });
  });

  it('goes stale when polls stop (by the service interval); a down host pauses it as unknown', async () => {
    const { hold, changes, engine, clock, health } = setup();
    await hold(conns(10));
    const hostDown = state({
      status: 'failed',
      problem: 'host-down',
      message: 'db-1 is not reachable: timeout',
    });
    await hold(() => hostDown, 2 * STEP); // 45 s since the last answer: three intervals, not more
    engine.tick();
    expect(changes).toEqual([]);
    await clock.advance(STEP);
    engine.tick();
    expect(changes.map((c) => [c.signal, c.to])).toEqual([['data', 'stale']]);
    expect(health(hostDown)).toEqual({
      state: 'unknown',
      reasons: ['db-1 postgres: db-1 is not reachable: timeout'],
    });
    expect(health(conns(10)(0)).state).toBe('unknown');
  });

  it("is judged by its host's rules (the host's own layer applies to its services)", async () => {
    const { hold, changes } = setup({
      defaults: {},
      tags: {},
      hosts: { 'db-1': { dbConnections: { warn: 95, critical: 99, forMs: 0 } } },
    });
    await hold(conns(182), 3 * MIN);
    expect(changes).toEqual([]);
    await hold(conns(195));
    expect(changes.map((c) => c.to)).toEqual(['warn']);
  });
});
