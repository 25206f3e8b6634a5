import { describe, expect, it } from 'vitest';
import { formatClock } from '../../../shared/format';
import type { StateChange } from './ruleEngine';
import {
  findMute,
  MaintenanceWindowSchema,
  NotificationGate,
  SilenceSchema,
  windowEndAt,
  type MaintenanceWindow,
  type Mutes,
  type Silence,
} from './silences';

const T0 = Date.UTC(2026, 0, 1, 14, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const db1 = { id: 'db-1', tags: ['db', 'prod'] };
const web1 = { id: 'web-1', tags: ['web'] };
const none: Mutes = { silences: [], windows: [] };

function change(over: Partial<StateChange> = {}): StateChange {
  return {
    hostId: 'db-1',
    signal: 'cpu',
    kind: 'cpu',
    from: 'ok',
    to: 'warn',
    at: T0,
    value: 93,
    threshold: 90,
    reason: 'CPU 93% ≥ 90% for 2 min',
    ...over,
  };
}

function silence(target: Silence['target'], until = T0 + HOUR): Silence {
  return SilenceSchema.parse({ id: 's1', target, until, by: 'alice', why: 'kernel upgrade' });
}

function window(over: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  return MaintenanceWindowSchema.parse({
    id: 'w1',
    target: { kind: 'tag', tag: 'db' },
    from: T0 + HOUR,
    to: T0 + 2 * HOUR,
    by: 'bob',
    why: 'backup',
    ...over,
  });
}

describe('findMute: silences', () => {
  it('mutes a host until the silence expires, and says who and why', () => {
    const mutes = { silences: [silence({ kind: 'host', hostId: 'db-1' })], windows: [] };
    expect(findMute(change(), db1, mutes, T0)).toEqual({
      kind: 'silence',
      id: 's1',
      until: T0 + HOUR,
      reason: `silenced by alice until ${formatClock(T0 + HOUR)}: kernel upgrade`,
    });
    expect(findMute(change({ hostId: 'web-1' }), web1, mutes, T0)).toBeNull();
    expect(findMute(change(), db1, mutes, T0 + HOUR - 1)).not.toBeNull();
    expect(findMute(change(), db1, mutes, T0 + HOUR)).toBeNull();
  });

  it('mutes every host with a tag', () => {
    const mutes = { silences: [silence({ kind: 'tag', tag: 'prod' })], windows: [] };
    expect(findMute(change(), db1, mutes, T0)?.kind).toBe('silence');
    expect(findMute(change({ hostId: 'web-1' }), web1, mutes, T0)).toBeNull();
  });

  it('mutes a signal kind (every mount), one signal, or a signal on one host', () => {
    const kind = { silences: [silence({ kind: 'signal', signal: 'disk' })], windows: [] };
    expect(findMute(change({ signal: 'disk:/var' }), db1, kind, T0)).not.toBeNull();
    expect(findMute(change({ signal: 'disk:/var', hostId: 'web-1' }), web1, kind, T0)).not.toBeNull();
    expect(findMute(change({ signal: 'cpu' }), db1, kind, T0)).toBeNull();

    const one = { silences: [silence({ kind: 'signal', signal: 'disk:/var' })], windows: [] };
    expect(findMute(change({ signal: 'disk:/var' }), db1, one, T0)).not.toBeNull();
    expect(findMute(change({ signal: 'disk:/' }), db1, one, T0)).toBeNull();
    expect(findMute(change({ signal: 'disk:/var2' }), db1, one, T0)).toBeNull();

    const onHost = { silences: [silence({ kind: 'signal', signal: 'cpu', hostId: 'db-1' })], windows: [] };
    expect(findMute(change(), db1, onHost, T0)).not.toBeNull();
    expect(findMute(change({ hostId: 'web-1' }), web1, onHost, T0)).toBeNull();
  });

  it('requires who and why', () => {
    const r = SilenceSchema.safeParse({
      id: 's',
      target: { kind: 'host', hostId: 'h' },
      until: T0,
      by: 'a',
      why: '',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      path: ['why'],
      message: 'say why, so the next person knows whether it can go',
    });
  });
});

describe('findMute: maintenance windows', () => {
  it('mutes only from `from` until `to`', () => {
    const mutes = { silences: [], windows: [window()] };
    expect(findMute(change(), db1, mutes, T0 + HOUR - 1)).toBeNull();
    expect(findMute(change(), db1, mutes, T0 + HOUR)).toMatchObject({
      kind: 'maintenance',
      until: T0 + 2 * HOUR,
      reason: `maintenance until ${formatClock(T0 + 2 * HOUR)} (bob): backup`,
    });
    expect(findMute(change({ hostId: 'web-1' }), web1, mutes, T0 + HOUR)).toBeNull();
    expect(findMute(change(), db1, mutes, T0 + 2 * HOUR)).toBeNull();
  });

  it('recurs daily at the same time, from its first day on', () => {
    const w = window({ target: { kind: 'host', hostId: 'db-1' }, daily: true });
    const mutes = { silences: [], windows: [w] };
    const day3 = T0 + 3 * DAY;
    expect(findMute(change(), db1, mutes, day3 + HOUR - 1)).toBeNull();
    expect(findMute(change(), db1, mutes, day3 + HOUR + 30 * MIN)?.until).toBe(day3 + 2 * HOUR);
    expect(findMute(change(), db1, mutes, day3 + 2 * HOUR)).toBeNull();
    expect(windowEndAt(w, T0 + HOUR - DAY)).toBeNull(); // the day before it starts
    expect(windowEndAt({ ...w, daily: false }, day3 + HOUR)).toBeNull();
  });

  it('rejects a window that ends before it starts, or a daily one of a day or more', () => {
    const bad = (over: Partial<MaintenanceWindow>) =>
      MaintenanceWindowSchema.safeParse({ ...window(), ...over }).error?.issues.map(
        (i) => `${i.path.join('.')}: ${i.message}`,
      );
    expect(bad({ to: T0 + HOUR })).toEqual(['to: must be after from']);
    expect(bad({ daily: true, to: T0 + HOUR + DAY })).toEqual([
      'to: a daily window must be shorter than 24 h',
    ]);
    expect(bad({ to: T0 + HOUR + DAY })).toBeUndefined();
  });
});

describe('NotificationGate', () => {
  it('notifies nothing that is muted, yet lets the change be recorded by the caller', () => {
    const gate = new NotificationGate();
    const mutes = { silences: [silence({ kind: 'host', hostId: 'db-1' })], windows: [] };
    expect(gate.decide(change(), db1, mutes, T0)).toEqual({
      notify: false,
      reason: `silenced by alice until ${formatClock(T0 + HOUR)}: kernel upgrade`,
    });
    // A muted change did not use up the host's allowance.
    expect(gate.decide(change(), db1, none, T0 + 1).notify).toBe(true);
  });

  it('sends at most one per host per gap, each host on its own', () => {
    const gate = new NotificationGate(5 * MIN);
    expect(gate.decide(change(), db1, none, T0).notify).toBe(true);
    expect(gate.decide(change({ signal: 'memory' }), db1, none, T0 + MIN)).toEqual({
      notify: false,
      reason: `rate limited: db-1 was last notified at ${formatClock(T0)}, at most one every 5 min`,
    });
    expect(gate.decide(change({ hostId: 'web-1' }), web1, none, T0 + MIN).notify).toBe(true);
    expect(gate.decide(change({ signal: 'swap' }), db1, none, T0 + 5 * MIN).notify).toBe(true);
  });

  it('always lets through the recovery of a critical it notified', () => {
    const gate = new NotificationGate(5 * MIN);
    expect(gate.decide(change({ to: 'critical' }), db1, none, T0).notify).toBe(true);
    expect(gate.decide(change({ from: 'critical', to: 'ok' }), db1, none, T0 + MIN)).toEqual({
      notify: true,
      reason: 'recovery of a notified critical',
    });
    // Only once: the next flap is rate limited again.
    expect(gate.decide(change({ to: 'critical' }), db1, none, T0 + 2 * MIN).notify).toBe(false);
    expect(gate.decide(change({ from: 'critical', to: 'ok' }), db1, none, T0 + 3 * MIN).notify).toBe(false);
  });

  it('does not wave through the recovery of a critical the user never heard of', () => {
    const gate = new NotificationGate(5 * MIN);
    gate.decide(change({ signal: 'memory' }), db1, none, T0);
    expect(gate.decide(change({ to: 'critical' }), db1, none, T0 + MIN).notify).toBe(false);
    expect(gate.decide(change({ from: 'critical', to: 'ok' }), db1, none, T0 + 2 * MIN).notify).toBe(false);
  });

  it('keeps a silence over a recovery, and forgets a removed host', () => {
    const gate = new NotificationGate(5 * MIN);
    gate.decide(change({ to: 'critical' }), db1, none, T0);
    const mutes = { silences: [silence({ kind: 'host', hostId: 'db-1' })], windows: [] };
    expect(gate.decide(change({ from: 'critical', to: 'ok' }), db1, mutes, T0 + MIN).notify).toBe(false);
    gate.forgetHost('db-1');
    expect(gate.decide(change(), db1, none, T0 + 2 * MIN).notify).toBe(true);
  });
});
