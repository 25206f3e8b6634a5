import { describe, expect, it } from 'vitest';
import { batches, liveColumns } from './chartData';
import { hostChartDefs, hostShape } from './hostCharts';
import { testSample } from './testSample';

const find = (defs: ReturnType<typeof hostChartDefs>, id: string) => {
  const d = defs.find((x) => x.id === id);
  if (!d) throw new Error(`no chart ${id}`);
  return d;
};

describe('hostChartDefs', () => {
  it('has the seven charts, each line naming stored metrics', () => {
    const defs = hostChartDefs({ ssh: false, mounts: ['/'], ifaces: ['eth0'] });
    expect(defs.map((d) => d.id)).toEqual(['cpu', 'memory', 'disk', 'diskio', 'net', 'load', 'latency']);
    for (const d of defs) for (const l of d.lines) expect(l.refs.length).toBeGreaterThan(0);
  });

  it('shows TCP connect time only for SSH hosts', () => {
    const local = find(hostChartDefs({ ssh: false, mounts: [], ifaces: [] }), 'latency');
    const ssh = find(hostChartDefs({ ssh: true, mounts: [], ifaces: [] }), 'latency');
    expect(local.lines.map((l) => l.key)).toEqual(['poll']);
    expect(ssh.lines.map((l) => l.key)).toEqual(['poll', 'connect']);
  });

  it('sums network over every interface, which may take more than one range call', () => {
    const ifaces = Array.from({ length: 12 }, (_, i) => `veth${i}`);
    const net = find(hostChartDefs({ ssh: false, mounts: [], ifaces }), 'net');
    const refs = net.lines.flatMap((l) => l.refs);
    expect(refs).toHaveLength(24);
    expect(batches(refs, 16).map((b) => b.length)).toEqual([16, 8]);
  });

  it('reads live samples the way the stored series are combined', () => {
    const defs = hostChartDefs({ ssh: false, mounts: ['/', '/var'], ifaces: ['eth0', 'wlan0'] });
    const s = testSample(1000, {
      swap: { totalBytes: 200, usedBytes: 50 },
      disks: [{ mount: '/var', fs: 'ext4', totalBytes: 10, usedBytes: 9, usedPct: 90 }],
      net: [
        { iface: 'eth0', rxBps: 100, txBps: 10 },
        { iface: 'wlan0', rxBps: 20, txBps: 5 },
      ],
    });
    const col = (id: string) => liveColumns(find(defs, id).lines, [s]).mean.map((c) => c[0]);
    expect(col('memory')).toEqual([25, 25]);
    expect(col('disk')).toEqual([null, 90]);
    expect(col('net')).toEqual([120, 15]);
    expect(col('load')).toEqual([0.125, 0.125, 0.125]);
  });
});

describe('hostShape', () => {
  it('collects mounts and interfaces across samples in first-seen order', () => {
    const a = testSample(1, { net: [{ iface: 'eth0', rxBps: 0, txBps: 0 }] });
    const b = testSample(2, {
      disks: [{ mount: '/data', fs: 'xfs', totalBytes: 1, usedBytes: 0, usedPct: 0 }],
      net: [{ iface: 'wg0', rxBps: 0, txBps: 0 }],
    });
    expect(hostShape(true, [a, null, b])).toEqual({
      ssh: true,
      mounts: ['/', '/data'],
      ifaces: ['eth0', 'wg0'],
    });
  });
});
