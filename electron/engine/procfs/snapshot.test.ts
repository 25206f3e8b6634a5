import { describe, expect, it } from 'vitest';
import { deriveSample, diskUsage, inodeUsePct, parseSnapshot, type ProcTexts } from './snapshot';

const NET_HEAD = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
`;

/** One interface's row: bytes in and out, and rx errs, rx drop, tx errs, tx drop. */
const netRow = (iface: string, rx: number, tx: number, e: [number, number, number, number]): string =>
  `${iface}: ${rx} 10 ${e[0]} ${e[1]} 0 0 0 0 ${tx} 10 ${e[2]} ${e[3]} 0 0 0 0\n`;

/** A whole disk's row in the 17-column layout, with its "time spent doing I/Os" (column 13). */
const diskRow = (name: string, ioMs: number): string =>
  `   8       0 ${name} 100 0 2000 0 50 0 4000 0 0 ${ioMs} 0 0 0 0 0 0 0\n`;

function snap(at: number, over: { diskstats?: string; netdev?: string; uptime?: number }) {
  const texts: ProcTexts = {
    stat: 'cpu  100 0 50 800 30 0 10 10 0 0\ncpu0 100 0 50 800 30 0 10 10 0 0\n',
    meminfo: 'MemTotal: 1000 kB\nMemAvailable: 500 kB\n',
    loadavg: '0.1 0.1 0.1 1/1 1\n',
    diskstats: over.diskstats ?? '',
    netdev: NET_HEAD + (over.netdev ?? ''),
    uptime: `${over.uptime ?? 1000 + at / 1000} 0\n`,
  };
  return parseSnapshot(texts, at);
}

const derive = (a: ReturnType<typeof snap> | null, b: ReturnType<typeof snap>) =>
  deriveSample('h', a, b, { disks: [], processCount: 1, pollMs: 1 });

describe('disk busy (iostat %util)', () => {
  it('is the busiest whole disk’s share of the interval spent doing I/O', () => {
    const a = snap(0, { diskstats: diskRow('sda', 10_000) + diskRow('nvme0n1', 50_000) });
    // 2 s later: sda busy 500 ms (25 %), nvme0n1 busy 1900 ms (95 %).
    const b = snap(2000, { diskstats: diskRow('sda', 10_500) + diskRow('nvme0n1', 51_900) });
    expect(derive(a, b).diskIo.busyPct).toBeCloseTo(95);
  });

  it('is null on the first poll and when the host has no whole disks', () => {
    const only = snap(0, { diskstats: diskRow('sda', 1) });
    expect(derive(null, only).diskIo.busyPct).toBeNull();
    const a = snap(0, { diskstats: diskRow('dm-0', 1) + diskRow('loop0', 1) });
    const b = snap(2000, { diskstats: diskRow('dm-0', 900) + diskRow('loop0', 900) });
    expect(derive(a, b).diskIo.busyPct).toBeNull();
  });

  it('skips a disk whose counter wrapped or reset, and is null when every disk did', () => {
    // io_ticks is 32-bit milliseconds: it wraps after 49.7 days of I/O time.
    const a = snap(0, { diskstats: diskRow('sda', 4_294_967_000) + diskRow('sdb', 100) });
    const b = snap(2000, { diskstats: diskRow('sda', 200) + diskRow('sdb', 600) });
    expect(derive(a, b).diskIo.busyPct).toBeCloseTo(25);
    const c = snap(4000, { diskstats: diskRow('sda', 100) + diskRow('sdb', 0) });
    expect(derive(b, c).diskIo.busyPct).toBeNull();
  });

  it('never reads over 100 % when ticks land just past the interval', () => {
    const a = snap(0, { diskstats: diskRow('vda', 0) });
    const b = snap(1000, { diskstats: diskRow('vda', 1012) });
    expect(derive(a, b).diskIo.busyPct).toBe(100);
  });

  it('gives nothing across a reboot', () => {
    const a = snap(0, { diskstats: diskRow('sda', 100), uptime: 5000 });
    const b = snap(2000, { diskstats: diskRow('sda', 900), uptime: 3 });
    expect(derive(a, b).diskIo.busyPct).toBeNull();
  });
});

describe('network errors', () => {
  it('are receive and transmit errors plus drops per second, per interface', () => {
    const a = snap(0, { netdev: netRow('eth0', 1000, 1000, [1, 2, 3, 4]) });
    const b = snap(2000, { netdev: netRow('eth0', 3000, 1000, [5, 10, 3, 6]) });
    expect(derive(a, b).net).toEqual([{ iface: 'eth0', rxBps: 1000, txBps: 0, errPs: 7 }]);
  });

  it('are null, not negative, when the counters were reset under a still-counting interface', () => {
    // Some drivers zero their error counters on a link reset while the byte counters go on.
    const a = snap(0, { netdev: netRow('eth0', 1000, 1000, [50, 50, 0, 0]) });
    const b = snap(2000, { netdev: netRow('eth0', 3000, 3000, [1, 0, 0, 0]) });
    expect(derive(a, b).net).toEqual([{ iface: 'eth0', rxBps: 1000, txBps: 1000, errPs: null }]);
  });
});

describe('inode use', () => {
  it('is used over used + free, as df -i shows it', () => {
    // statfs: files 1000, ffree 250 → 750 used.
    expect(inodeUsePct(1000 - 250, 250)).toBe(75);
    expect(diskUsage('/', 'ext4', 100, 10, 5, inodeUsePct(10, 30)).inodesUsedPct).toBe(25);
  });

  it('is null on a filesystem with no inode limit (btrfs and vfat report 0 inodes)', () => {
    expect(inodeUsePct(0, 0)).toBeNull();
    expect(diskUsage('/boot/efi', 'vfat', 100, 10, 10).inodesUsedPct).toBeNull();
  });

  it('never reads negative when a filesystem reports more free inodes than it has', () => {
    expect(inodeUsePct(100 - 120, 120)).toBe(0);
  });
});
