import type { Sample } from './schemas';

/** For tests on both sides (engine and renderer). */
/** A sample with healthy values, overridable field by field. */
export function makeSample(hostId: string, ts: number, over: Partial<Sample> = {}): Sample {
  return {
    hostId,
    ts,
    pollMs: 1,
    cpu: { cores: 4, busyPct: 20, iowaitPct: 1, stealPct: 0 },
    load: [0.5, 0.5, 0.5],
    mem: { totalBytes: 16 * 2 ** 30, usedBytes: 4 * 2 ** 30, availableBytes: 12 * 2 ** 30 },
    swap: { totalBytes: 0, usedBytes: 0 },
    disks: [{ mount: '/', fs: 'ext4', totalBytes: 100 * 2 ** 30, usedBytes: 40 * 2 ** 30, usedPct: 40 }],
    diskIo: { readBps: 1000, writeBps: 2000 },
    net: [{ iface: 'eth0', rxBps: 100, txBps: 50 }],
    uptimeSec: 1000,
    processCount: 100,
    ...over,
  };
}
