import { describe, expect, it } from 'vitest';
import {
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseProcStat,
  ProcParseError,
} from './parse';
import { deriveSample, diskUsage, parseSnapshot, type ProcTexts } from './snapshot';

const STAT = `cpu  100 0 50 800 30 0 10 10 0 0
cpu0 50 0 25 400 15 0 5 5 0 0
cpu1 50 0 25 400 15 0 5 5 0 0
intr 12345
ctxt 999
processes 4242
`;

const MEMINFO = `MemTotal:        1000 kB
MemFree:          100 kB
MemAvailable:     250 kB
Buffers:           10 kB
Cached:           100 kB
SwapTotal:        400 kB
SwapFree:         300 kB
`;

const DISKSTATS = `   8       0 sda 100 0 2000 0 50 0 4000 0 0 0 0
   8       1 sda1 90 0 1800 0 40 0 3600 0 0 0 0
 259       0 nvme0n1 10 0 100 0 5 0 200 0 0 0 0
 259       1 nvme0n1p1 10 0 100 0 5 0 200 0 0 0 0
 253       0 dm-0 90 0 1800 0 40 0 3600 0 0 0 0
   7       0 loop0 5 0 50 0 0 0 0 0 0 0 0
`;

const NETDEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  5000      10    0    0    0     0          0         0     5000      10    0    0    0     0       0          0
  eth0: 1000000   900    0    0    0     0          0         0   200000     800    0    0    0     0       0          0
`;

const texts = (over: Partial<ProcTexts> = {}): ProcTexts => ({
  stat: STAT,
  meminfo: MEMINFO,
  loadavg: '0.50 0.40 0.30 1/123 4567\n',
  diskstats: DISKSTATS,
  netdev: NETDEV,
  uptime: '1000.00 1800.00\n',
  ...over,
});

describe('/proc parsers', () => {
  it('reads the aggregate CPU line and counts cores', () => {
    const s = parseProcStat(STAT);
    expect(s.cores).toBe(2);
    expect(s.cpu.total).toBe(1000);
    expect(s.cpu.iowait).toBe(30);
    expect(s.cpu.hasSteal).toBe(true);
  });

  it('knows old kernels without iowait/steal columns', () => {
    const s = parseProcStat('cpu 10 0 5 85\ncpu0 10 0 5 85\n');
    expect(s.cpu.hasIowait).toBe(false);
    expect(s.cpu.hasSteal).toBe(false);
  });

  it('computes memory used from MemAvailable, and swap', () => {
    const m = parseMeminfo(MEMINFO);
    expect(m.totalBytes).toBe(1000 * 1024);
    expect(m.availableBytes).toBe(250 * 1024);
    expect(m.usedBytes).toBe(750 * 1024);
    expect(m.swapUsedBytes).toBe(100 * 1024);
  });

  it('approximates MemAvailable on kernels older than 3.14', () => {
    const m = parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 150 kB\n');
    expect(m.availableBytes).toBe(300 * 1024);
  });

  it('sums whole disks only, not partitions, device-mapper or loop devices', () => {
    expect(parseDiskstats(DISKSTATS)).toEqual({
      readBytes: (2000 + 100) * 512,
      writeBytes: (4000 + 200) * 512,
    });
  });

  it('reads per-interface counters and leaves loopback out', () => {
    expect(parseNetDev(NETDEV)).toEqual([{ iface: 'eth0', rxBytes: 1000000, txBytes: 200000 }]);
  });

  it('keeps data filesystems, one per device, with escaped paths decoded', () => {
    const mounts = parseMounts(
      [
        'proc /proc proc rw 0 0',
        'tmpfs /run tmpfs rw 0 0',
        '/dev/sda1 / ext4 rw 0 0',
        '/dev/sda1 /var/lib/docker ext4 rw 0 0',
        '/dev/sdb1 /mnt/my\\040disk xfs rw 0 0',
        'overlay / overlay rw 0 0',
      ].join('\n'),
    );
    expect(mounts).toEqual([
      { source: '/dev/sda1', mount: '/', fs: 'ext4' },
      { source: '/dev/sdb1', mount: '/mnt/my disk', fs: 'xfs' },
      { source: 'overlay', mount: '/', fs: 'overlay' },
    ]);
  });

  it('rejects garbage with a parse error instead of returning NaN', () => {
    expect(() => parseProcStat('garbage\n')).toThrow(ProcParseError);
    expect(() => parseMeminfo('Nope: 1\n')).toThrow(ProcParseError);
    expect(() => parseLoadavg('a b c')).toThrow(ProcParseError);
    expect(parseNetDev('random text: with colon x y')).toEqual([]);
  });
});

describe('deriveSample', () => {
  it('has no rates on the first poll', () => {
    const s = deriveSample('h', null, parseSnapshot(texts(), 1000), {
      disks: [],
      processCount: 3,
      pollMs: 1,
    });
    expect(s.cpu.busyPct).toBeNull();
    expect(s.diskIo.readBps).toBeNull();
    expect(s.net).toEqual([]);
    expect(s.load).toEqual([0.5, 0.4, 0.3]);
  });

  it('turns counter differences into CPU % and bytes per second', () => {
    const a = parseSnapshot(texts(), 0);
    const b = parseSnapshot(
      texts({
        // +100 jiffies: 40 user, 10 system, 30 idle, 10 iowait, 10 steal → busy 60%
        stat: 'cpu  140 0 60 830 40 0 10 20 0 0\ncpu0 1 0 0 0\ncpu1 1 0 0 0\n',
        diskstats: '   8       0 sda 100 0 4000 0 50 0 8000 0 0 0 0\n',
        netdev: NETDEV.replace('1000000', '3000000'),
        uptime: '1002.00 1800.00\n',
      }),
      2000,
    );
    const s = deriveSample('h', a, b, { disks: [], processCount: 3, pollMs: 1 });
    expect(s.cpu.busyPct).toBeCloseTo(60);
    expect(s.cpu.iowaitPct).toBeCloseTo(10);
    expect(s.cpu.stealPct).toBeCloseTo(10);
    expect(s.diskIo.readBps).toBe(((4000 - 2100) * 512) / 2);
    expect(s.net).toEqual([{ iface: 'eth0', rxBps: 1000000, txBps: 0 }]);
  });

  it('gives no rates across a reboot instead of a negative spike', () => {
    const a = parseSnapshot(texts(), 0);
    const b = parseSnapshot(
      texts({ uptime: '5.00 5.00\n', stat: 'cpu 1 0 1 10 0 0 0 0\ncpu0 1 0 1 10\n' }),
      2000,
    );
    const s = deriveSample('h', a, b, { disks: [], processCount: 3, pollMs: 1 });
    expect(s.cpu.busyPct).toBeNull();
    expect(s.diskIo.writeBps).toBeNull();
  });

  it('computes disk use the way df does, reserved blocks excluded', () => {
    // 100 total, 10 free of which 5 reserved: df says 90 / (90 + 5) = 95%
    expect(diskUsage('/', 'ext4', 100, 10, 5).usedPct).toBeCloseTo(94.74, 1);
  });
});
