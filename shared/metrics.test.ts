import { describe, expect, it } from 'vitest';
import { flattenSample, unflattenSample } from './metrics';
import type { Sample } from './schemas';

const base: Sample = {
  hostId: 'h',
  ts: 1000,
  pollMs: 3,
  cpu: { cores: 4, busyPct: 20, iowaitPct: 1, stealPct: 0 },
  load: [0.5, 0.4, 0.3],
  mem: { totalBytes: 8192, usedBytes: 4096, availableBytes: 4096 },
  swap: { totalBytes: 0, usedBytes: 0 },
  disks: [{ mount: '/', fs: '', totalBytes: 1024, usedBytes: 512, usedPct: 50 }],
  diskIo: { readBps: 10, writeBps: 20 },
  net: [{ iface: 'eth0', rxBps: 100, txBps: 50 }],
  uptimeSec: 99,
  processCount: 7,
  connectMs: null,
};

describe('flattenSample / unflattenSample', () => {
  it('round-trips inode use, disk busy and network errors', () => {
    const s: Sample = {
      ...base,
      disks: [
        { ...base.disks[0]!, inodesUsedPct: 12.5 },
        { mount: '/srv', fs: '', totalBytes: 1024, usedBytes: 0, usedPct: 0, inodesUsedPct: null },
      ],
      diskIo: { readBps: 10, writeBps: 20, busyPct: 73 },
      net: [{ iface: 'eth0', rxBps: 100, txBps: 50, errPs: 0.25 }],
    };
    const points = flattenSample(s);
    expect(
      points.filter(([m]) => ['disk.inodes_used_pct', 'diskio.busy_pct', 'net.err_ps'].includes(m)),
    ).toEqual([
      ['disk.inodes_used_pct', 'mount=/', 12.5],
      ['diskio.busy_pct', '', 73],
      ['net.err_ps', 'iface=eth0', 0.25],
    ]);
    expect(unflattenSample('h', 1000, points)).toEqual(s);
  });

  it('stores nothing new for a sample without them, and reads them back as null', () => {
    const points = flattenSample(base);
    expect(points.map(([m]) => m)).not.toContain('diskio.busy_pct');
    const back = unflattenSample('h', 1000, points);
    expect(back.diskIo.busyPct).toBeNull();
    expect(back.disks[0]?.inodesUsedPct).toBeNull();
    expect(back.net[0]?.errPs).toBeNull();
  });
});
