import { describe, expect, it } from 'vitest';
import type { DiskUsage, NetRate, Sample } from '../../../shared/schemas';
import { FakeClock, makeSample } from '../testing/fakes';
import { RuleEngine, type StateChange } from './ruleEngine';

// The built-in defaults for the inode, disk busy and network error signals, through the engine.
const STEP = 10_000;
const MIN = 60_000;

function setup() {
  const clock = new FakeClock();
  const changes: StateChange[] = [];
  const engine = new RuleEngine({ clock, onChange: (c) => changes.push(c) });
  engine.setHost({ id: 'h', tags: [], intervalMs: STEP });
  /** The same sample every interval for `ms`. */
  const hold = async (over: Partial<Sample>, ms = STEP): Promise<StateChange[]> => {
    const out: StateChange[] = [];
    for (let t = 0; t < ms; t += STEP) {
      out.push(...engine.observe(makeSample('h', clock.now(), over)));
      await clock.advance(STEP);
    }
    return out;
  };
  return { engine, changes, hold };
}

const disk = (mount: string, inodesUsedPct: number | null): DiskUsage => ({
  mount,
  fs: 'ext4',
  totalBytes: 100,
  usedBytes: 10,
  usedPct: 10,
  inodesUsedPct,
});
const nic = (iface: string, errPs: number | null): NetRate => ({ iface, rxBps: 1, txBps: 1, errPs });
const brief = (cs: StateChange[]) => cs.map((c) => [c.signal, `${c.from}→${c.to}`, c.reason]);

describe('RuleEngine: inodes, disk busy, network errors', () => {
  it('raises a mount running out of inodes after a minute, and drops it once unmounted', async () => {
    const { hold } = setup();
    const full = { disks: [disk('/', 20), disk('/var', 96)] };
    expect(await hold(full, MIN)).toEqual([]);
    expect(brief(await hold(full))).toEqual([
      ['inodes:/var', 'ok→critical', 'inodes /var 96% ≥ 95% for 1 min'],
    ]);
    expect(brief(await hold({ disks: [disk('/', 20)] }))).toEqual([
      ['inodes:/var', 'critical→ok', 'inodes /var no longer reported'],
    ]);
  });

  it('raises disk busy only when saturation lasts 5 minutes, and a wrapped counter does not clear it', async () => {
    const { hold, engine } = setup();
    const busy = { diskIo: { readBps: 0, writeBps: 0, busyPct: 90 } };
    expect(await hold(busy, 5 * MIN)).toEqual([]);
    expect(brief(await hold(busy))).toEqual([['diskBusy', 'ok→warn', 'disk busy 90% ≥ 80% for 5 min']]);
    // One poll without a value (the disk's counter wrapped) is not evidence the disk is idle.
    expect(await hold({ diskIo: { readBps: 0, writeBps: 0, busyPct: null } })).toEqual([]);
    expect(engine.hostStatus('h').reasons).toEqual(['disk busy 90% ≥ 80%']);
  });

  it('raises network errors per interface, and drops an interface that went away', async () => {
    const { hold, engine } = setup();
    const bad = { net: [nic('eth0', 12), nic('eth1', 0)] };
    await hold(bad, 5 * MIN);
    expect(brief(await hold(bad))).toEqual([
      ['netErrors:eth0', 'ok→critical', 'network errors eth0 12/s ≥ 10/s for 5 min'],
    ]);
    expect(engine.signalStates('h').find((s) => s.signal === 'netErrors:eth1')?.state).toBe('ok');
    expect(brief(await hold({ net: [nic('eth1', 0)] }))).toEqual([
      ['netErrors:eth0', 'critical→ok', 'network errors eth0 no longer reported'],
    ]);
  });

  it('clears network errors only under the clear level, after 5 minutes of it', async () => {
    const { hold } = setup();
    await hold({ net: [nic('eth0', 2)] }, 5 * MIN + STEP);
    // 0.8/s is under warn (1) but not under its clear level (0.5): still warn.
    expect(await hold({ net: [nic('eth0', 0.8)] }, 10 * MIN)).toEqual([]);
    await hold({ net: [nic('eth0', 0.2)] }, 5 * MIN);
    expect(brief(await hold({ net: [nic('eth0', 0.2)] }))).toEqual([
      ['netErrors:eth0', 'warn→ok', 'network errors eth0 0.2/s < 0.5/s for 5 min'],
    ]);
  });
});
