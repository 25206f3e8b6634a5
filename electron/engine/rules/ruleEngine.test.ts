import { describe, expect, it } from 'vitest';
import { formatClock } from '../../../shared/format';
import type { Sample } from '../../../shared/schemas';
import { FakeClock, makeSample } from '../testing/fakes';
import { DATA_SIGNAL, HEALTH_OF, RuleEngine, type StateChange } from './ruleEngine';
import type { RulesConfig } from './ruleTypes';

const T0 = Date.UTC(2026, 0, 1, 14, 0, 0);
const STEP = 10_000;
const MIN = 60_000;

/** CPU: warn 90 (clears < 85), critical 95 (clears < 90), both ways for 2 min. */
const CPU_2MIN: RulesConfig = {
  defaults: { cpu: { warn: 90, clearWarn: 85, critical: 95, clearCritical: 90, forMs: 2 * MIN } },
  tags: {},
  hosts: {},
};

function setup(config: RulesConfig = CPU_2MIN) {
  const clock = new FakeClock(T0);
  const changes: StateChange[] = [];
  const engine = new RuleEngine({ clock, config, onChange: (c) => changes.push(c) });
  engine.setHost({ id: 'h', tags: [], intervalMs: STEP });
  /** One sample now, then time moves on by one interval. */
  const feed = async (over: Partial<Sample>): Promise<StateChange[]> => {
    const out = engine.observe(makeSample('h', clock.now(), over));
    await clock.advance(STEP);
    return out;
  };
  const cpu = async (busyPct: number | null, times = 1): Promise<StateChange[]> => {
    const out: StateChange[] = [];
    for (let i = 0; i < times; i++)
      out.push(...(await feed({ cpu: { cores: 4, busyPct, iowaitPct: 1, stealPct: 0 } })));
    return out;
  };
  return { clock, engine, changes, feed, cpu };
}

const cpuChanges = (cs: StateChange[]) =>
  cs.filter((c) => c.signal === 'cpu').map((c) => `${c.from}→${c.to}`);

describe('RuleEngine: for delays', () => {
  it('rises only once the condition has held for forMs, and says so in words', async () => {
    const { cpu, changes } = setup();
    await cpu(93, 12); // t = 0 … 110 s
    expect(changes).toEqual([]);
    await cpu(93); // t = 120 s
    expect(changes).toEqual([
      {
        hostId: 'h',
        signal: 'cpu',
        kind: 'cpu',
        from: 'ok',
        to: 'warn',
        at: T0 + 2 * MIN,
        value: 93,
        threshold: 90,
        reason: 'CPU 93% ≥ 90% for 2 min',
      },
    ]);
  });

  it('rises at once when forMs is 0, and leaves "for" out of the reason', async () => {
    const { cpu, changes } = setup({
      ...CPU_2MIN,
      defaults: { cpu: { ...CPU_2MIN.defaults.cpu, forMs: 0 } },
    });
    await cpu(97);
    expect(changes.map((c) => [c.to, c.reason])).toEqual([['critical', 'CPU 97% ≥ 95%']]);
  });

  it('does not rise on a spike shorter than forMs, even repeated', async () => {
    const { cpu, changes } = setup();
    for (let i = 0; i < 3; i++) {
      await cpu(99, 11);
      await cpu(40);
    }
    expect(changes).toEqual([]);
  });

  it('keeps a critical through a dip shorter than forMs', async () => {
    const { cpu, changes, engine } = setup();
    await cpu(97, 13);
    expect(cpuChanges(changes)).toEqual(['ok→critical']);
    await cpu(40, 11); // 110 s under the clear level: not long enough
    await cpu(97, 5);
    await cpu(40, 11);
    expect(cpuChanges(changes)).toEqual(['ok→critical']);
    expect(engine.hostStatus('h').state).toBe('critical');
  });

  it('clears only after the value stays under the clear level for forMs', async () => {
    const { cpu, changes } = setup();
    await cpu(97, 13);
    await cpu(50, 12);
    expect(cpuChanges(changes)).toEqual(['ok→critical']);
    await cpu(50);
    const last = changes.at(-1);
    expect(last).toMatchObject({ from: 'critical', to: 'ok', threshold: 85, value: 50 });
    expect(last?.reason).toBe('CPU 50% < 85% for 2 min');
  });

  it('steps down from critical to warn when the value sits between the two clear levels', async () => {
    const { cpu, changes } = setup();
    await cpu(97, 13);
    await cpu(88, 13);
    expect(changes.at(-1)).toMatchObject({ from: 'critical', to: 'warn', threshold: 90 });
    expect(changes.at(-1)?.reason).toBe('CPU 88% < 90% for 2 min');
  });

  it('times warn and critical separately: each level needs its own forMs', async () => {
    const { cpu, changes } = setup();
    await cpu(93, 6); // 0 … 50 s
    await cpu(97, 13); // critical condition from 60 s
    expect(changes.map((c) => [c.to, c.at - T0])).toEqual([
      ['warn', 2 * MIN],
      ['critical', 3 * MIN],
    ]);
  });

  it('leaves the state alone when a sample lacks the value (first poll has no CPU %)', async () => {
    const { cpu, changes, engine } = setup();
    await cpu(97, 13);
    await cpu(null, 20);
    expect(cpuChanges(changes)).toEqual(['ok→critical']);
    expect(engine.hostStatus('h').state).toBe('critical');
  });
});

describe('RuleEngine: hysteresis', () => {
  const noFor: RulesConfig = { ...CPU_2MIN, defaults: { cpu: { ...CPU_2MIN.defaults.cpu, forMs: 0 } } };

  it('does not flap when the value wobbles 89 ↔ 91 around warn 90 / clear 85', async () => {
    const { cpu, changes, engine } = setup(noFor);
    for (const v of [89, 91, 89, 91, 89, 86, 91, 85, 89]) await cpu(v);
    expect(cpuChanges(changes)).toEqual(['ok→warn']);
    expect(engine.hostStatus('h').reasons).toEqual(['CPU 89%, warn until under 85%']);
    await cpu(84.9);
    expect(cpuChanges(changes)).toEqual(['ok→warn', 'warn→ok']);
  });

  it('trips exactly at the level and clears only strictly under the clear level', async () => {
    const { cpu, changes } = setup(noFor);
    await cpu(89.9);
    expect(changes).toEqual([]);
    await cpu(90);
    await cpu(85);
    expect(cpuChanges(changes)).toEqual(['ok→warn']);
  });

  it('with a for delay, a wobble around the level never rises at all', async () => {
    const { cpu, changes } = setup();
    for (let i = 0; i < 30; i++) await cpu(i % 2 ? 91 : 89);
    expect(changes).toEqual([]);
  });
});

describe('RuleEngine: staleness', () => {
  it('goes grey after N intervals without a sample and back to its real state on the next one', async () => {
    const { cpu, clock, engine, changes } = setup();
    await cpu(97, 13);
    const lastTs = clock.now() - STEP;
    await clock.advance(2 * STEP - 1); // 30 s since the last sample, not more
    expect(engine.tick()).toEqual([]);
    await clock.advance(2);
    const stale = engine.tick();
    expect(stale).toEqual([
      {
        hostId: 'h',
        signal: DATA_SIGNAL,
        kind: DATA_SIGNAL,
        from: 'ok',
        to: 'stale',
        at: clock.now(),
        value: null,
        threshold: null,
        reason: `no data since ${formatClock(lastTs)}`,
      },
    ]);
    expect(engine.tick()).toEqual([]); // said once
    const status = engine.hostStatus('h');
    expect(status.state).toBe('stale');
    expect(HEALTH_OF[status.state]).toBe('grey');
    expect(status.reasons).toEqual([`no data since ${formatClock(lastTs)}`]);
    expect(status.signals.every((s) => s.state === 'stale')).toBe(true);

    await clock.advance(5 * MIN);
    const back = await cpu(97);
    expect(back.map((c) => `${c.signal} ${c.from}→${c.to}`)).toEqual(['data stale→ok']);
    expect(back[0]?.reason).toMatch(/^data again after a \d+ min gap$/);
    expect(engine.hostStatus('h')).toMatchObject({ state: 'critical', reasons: ['CPU 97% ≥ 95%'] });
    expect(changes.filter((c) => c.signal === DATA_SIGNAL)).toHaveLength(2);
  });

  it('does not count a `for` across a gap in the data', async () => {
    const { cpu, clock, changes } = setup();
    await cpu(93, 6);
    await clock.advance(10 * MIN); // no tick: the engine learns of the gap from the next sample
    await cpu(93, 12);
    expect(changes).toEqual([]);
    await cpu(93);
    expect(cpuChanges(changes)).toEqual(['ok→warn']);
  });

  it('is waiting, not stale, before the first sample', () => {
    const { engine } = setup();
    expect(engine.tick()).toEqual([]);
    expect(engine.hostStatus('h')).toMatchObject({
      state: 'waiting',
      reasons: ['waiting for the first poll'],
    });
    expect(engine.hostStatus('nobody').state).toBe('waiting');
  });

  it('honours a per-host staleAfterIntervals', async () => {
    const { engine, clock, cpu } = setup({ ...CPU_2MIN, hosts: { h: { staleAfterIntervals: 10 } } });
    await cpu(10);
    await clock.advance(80_000);
    expect(engine.tick()).toEqual([]);
    await clock.advance(10_001);
    expect(engine.tick().map((c) => c.to)).toEqual(['stale']);
  });
});

describe('RuleEngine: host state', () => {
  it('is the worst of its signals, the worst reason first', async () => {
    const { feed, engine } = setup({
      defaults: { cpu: { forMs: 0 }, disk: { forMs: 0 } },
      tags: {},
      hosts: {},
    });
    await feed({
      cpu: { cores: 4, busyPct: 93, iowaitPct: 1, stealPct: 0 },
      disks: [
        { mount: '/', fs: 'ext4', totalBytes: 100, usedBytes: 90, usedPct: 90 },
        { mount: '/var', fs: 'ext4', totalBytes: 100, usedBytes: 97, usedPct: 97 },
      ],
    });
    const st = engine.hostStatus('h');
    expect(st.state).toBe('critical');
    expect(st.reasons).toEqual(['disk /var 97% ≥ 95%', 'CPU 93% ≥ 85%', 'disk / 90% ≥ 85%']);
    expect(st.signals[0]).toMatchObject({ signal: 'disk:/var', kind: 'disk', state: 'critical', value: 97 });
  });

  it('drops a disk that is no longer mounted, recording the change', async () => {
    const { feed, changes } = setup({ defaults: { disk: { forMs: 0 } }, tags: {}, hosts: {} });
    await feed({ disks: [{ mount: '/data', fs: 'xfs', totalBytes: 100, usedBytes: 99, usedPct: 99 }] });
    const out = await feed({ disks: [] });
    expect(out).toMatchObject([
      { signal: 'disk:/data', from: 'critical', to: 'ok', reason: 'disk /data no longer reported' },
    ]);
    expect(changes).toHaveLength(2);
  });

  it('applies tag and host overrides, and new rules from setConfig', async () => {
    const { engine, clock, changes } = setup();
    engine.setHost({ id: 'web-1', tags: ['web'], intervalMs: STEP });
    const config: RulesConfig = {
      defaults: {},
      tags: { web: { memory: { warn: 50, clearWarn: 45, forMs: 0 } } },
      hosts: {},
    };
    engine.setConfig(config);
    const GiB = 2 ** 30;
    const mem = { totalBytes: 16 * GiB, usedBytes: 10 * GiB, availableBytes: 6 * GiB };
    engine.observe(makeSample('web-1', clock.now(), { mem }));
    engine.observe(makeSample('h', clock.now(), { mem }));
    expect(changes.map((c) => `${c.hostId} ${c.signal} ${c.to}`)).toEqual(['web-1 memory warn']);

    engine.setConfig({ ...config, tags: { web: { memory: { enabled: false } } } });
    await clock.advance(STEP);
    const off = engine.observe(makeSample('web-1', clock.now(), { mem }));
    expect(off).toMatchObject([
      { signal: 'memory', from: 'warn', to: 'ok', reason: 'memory rule turned off' },
    ]);
    expect(engine.signalStates('web-1').map((s) => s.signal)).not.toContain('memory');
  });

  it('refuses a sample for a host it was not told about, saying what to do', () => {
    const { engine } = setup();
    expect(() => engine.observe(makeSample('ghost', T0))).toThrow(/unknown host "ghost": call setHost first/);
  });

  it('forgets a removed host', async () => {
    const { engine, cpu } = setup();
    await cpu(50);
    engine.removeHost('h');
    expect(engine.hostStatus('h').state).toBe('waiting');
    expect(engine.signalStates('h')).toEqual([]);
  });
});
