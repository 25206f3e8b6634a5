import { describe, expect, it } from 'vitest';
import { batches, liveColumns } from './chartData';
import { hostChartDefs, hostShape } from './hostCharts';
import { testSample } from '../testSample';

const find = (defs: ReturnType<typeof hostChartDefs>, id: string) => {
  const d = defs.find((x) => x.id === id);
  if (!d) throw new Error(`no chart ${id}`);
  return d;
};

describe('hostChartDefs', () => {
  it('has the ten charts, each line naming stored metrics', () => {
    const defs = hostChartDefs({ ssh: false, mounts: ['/'], inodeMounts: ['/'], ifaces: ['eth0'] });
    expect(defs.map((d) => d.id)).toEqual([
      'cpu',
      'memory',
      'disk',
      'inodes',
      'diskio',
      'diskbusy',
      'net',
      'neterr',
      'load',
      'latency',
    ]);
    for (const d of defs) for (const l of d.lines) expect(l.refs.length).toBeGreaterThan(0);
  });

  it('shows TCP connect time only for SSH hosts', () => {
    const local = find(hostChartDefs({ ssh: false, mounts: [], inodeMounts: [], ifaces: [] }), 'latency');
    const ssh = find(hostChartDefs({ ssh: true, mounts: [], inodeMounts: [], ifaces: [] }), 'latency');
    expect(local.lines.map((l) => l.key)).toEqual(['poll']);
    expect(ssh.lines.map((l) => l.key)).toEqual(['poll', 'connect']);
  });

  it('sums network over every interface, which may take more than one range call', () => {
    const ifaces = Array.from({ length: 12 }, (_, i) => `veth${i}`);
    const net = find(hostChartDefs({ ssh: false, mounts: [], inodeMounts: [], ifaces }), 'net');
    const refs = net.lines.flatMap((l) => l.refs);
    expect(refs).toHaveLength(24);
    expect(batches(refs, 16).map((b) => b.length)).toEqual([16, 8]);
  });

  it('reads live samples the way the stored series are combined', () => {
    const defs = hostChartDefs({
      ssh: false,
      mounts: ['/', '/var'],
      inodeMounts: ['/var'],
      ifaces: ['eth0', 'wlan0'],
    });
    const s = testSample(1000, {
      swap: { totalBytes: 200, usedBytes: 50 },
      disks: [{ mount: '/var', fs: 'ext4', totalBytes: 10, usedBytes: 9, usedPct: 90, inodesUsedPct: 12 }],
      diskIo: { readBps: 0, writeBps: 0, busyPct: 64 },
      net: [
        { iface: 'eth0', rxBps: 100, txBps: 10, errPs: 0.5 },
        { iface: 'wlan0', rxBps: 20, txBps: 5, errPs: 2 },
      ],
    });
    const col = (id: string) => liveColumns(find(defs, id).lines, [s]).mean.map((c) => c[0]);
    expect(col('memory')).toEqual([25, 25]);
    expect(col('disk')).toEqual([null, 90]);
    expect(col('inodes')).toEqual([12]);
    expect(col('diskbusy')).toEqual([64]);
    expect(col('net')).toEqual([120, 15]);
    expect(col('neterr')).toEqual([2.5]);
    expect(col('load')).toEqual([0.125, 0.125, 0.125]);
    // A sample from before these were collected draws gaps, not zeros.
    const old = testSample(2000);
    expect(liveColumns(find(defs, 'neterr').lines, [old]).mean).toEqual([[null]]);
    expect(liveColumns(find(defs, 'diskbusy').lines, [old]).mean).toEqual([[null]]);
  });

  it('gives a mount the same colour on the inode chart as on the disk use chart', () => {
    const defs = hostChartDefs({ ssh: false, mounts: ['/', '/data'], inodeMounts: ['/data'], ifaces: [] });
    expect(find(defs, 'inodes').lines[0]?.color).toBe(find(defs, 'disk').lines[1]?.color);
  });
});

describe('hostShape', () => {
  it('collects mounts and interfaces across samples in first-seen order', () => {
    const a = testSample(1, { net: [{ iface: 'eth0', rxBps: 0, txBps: 0 }] });
    const b = testSample(2, {
      disks: [
        { mount: '/data', fs: 'xfs', totalBytes: 1, usedBytes: 0, usedPct: 0, inodesUsedPct: 3 },
        { mount: '/boot/efi', fs: 'vfat', totalBytes: 1, usedBytes: 0, usedPct: 0, inodesUsedPct: null },
      ],
      net: [{ iface: 'wg0', rxBps: 0, txBps: 0 }],
    });
    expect(hostShape(true, [a, null, b])).toEqual({
      ssh: true,
      mounts: ['/', '/data', '/boot/efi'],
      inodeMounts: ['/data'],
      ifaces: ['eth0', 'wg0'],
    });
  });
});
