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

/**
 * Rows as kernels print them: 17 stat columns (5.5 and later), 11 (the vda row, copied from a
 * 4.18 VM), a 2.6-era short partition row; with NVMe and SD card partitions, LVM, md, loop, ram.
 */
const RECORDED_DISKSTATS = `   7       0 loop0 59 0 2172 24 0 0 0 0 0 76 24 0 0 0 0 0 0
 259       0 nvme0n1 1843266 512833 104380642 262103 6373462 4152418 330145458 3284412 0 2061748 3659611 0 0 0 0 159204 113095
 259       1 nvme0n1p1 1131 1920 30586 205 2 0 2 0 0 252 205 0 0 0 0 0 0
 259       2 nvme0n1p2 1842032 510913 104343568 261886 6373460 4152418 330145456 3284411 0 2061608 3546297 0 0 0 0 0 0
 253       0 dm-0 2352590 0 104339138 553248 10525880 0 330145456 43232648 0 2062400 43785896 0 0 0 0 0 0
   8       0 sda 12345 100 987654 4321 2345 67 123456 7890 0 9876 12211 0 0 0 0 0 0
   8       1 sda1 12000 100 980000 4300 2345 67 123456 7890 0 9800 12190 0 0 0 0 0 0
   8       2 sda2 100 200 300 400
   9       0 md0 5000 0 40000 0 300 0 2400 0 0 0 0 0 0 0 0 0 0
 254       0 vda 797577 43384 22588890 989952 6100671 356991 205042960 8151113 0 1086748 9667262
 179       0 mmcblk0 800 12 40960 900 300 40 8192 4000 0 5120 4900 0 0 0 0 0 0
 179       1 mmcblk0p1 700 12 38000 850 300 40 8192 4000 0 5000 4850 0 0 0 0 0 0
 179       8 mmcblk0boot0 4 0 64 1 0 0 0 0 0 4 1 0 0 0 0 0 0
   1       0 ram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
`;

/** Errors and drops on the wired port, and a long name glued to its first number as the kernel prints it. */
const RECORDED_NETDEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 2776770   27060    0    0    0     0          0         0  2776770   27060    0    0    0     0       0          0
enp3s0: 1843915214 1598731   12  340    0     0          0     17204 99735264  607818    3    1    0     0       0          0
wlp2s0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
enp0s31f6:12345678901 9000000    2    5    0     0          0         0        5       1    0    0    0     0       0          0
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
      ioMs: new Map([
        ['sda', 0],
        ['nvme0n1', 0],
      ]),
    });
  });

  it('reads the I/O time column of whole disks from a recorded /proc/diskstats', () => {
    const d = parseDiskstats(RECORDED_DISKSTATS);
    expect(d.ioMs).toEqual(
      new Map([
        ['nvme0n1', 2061748],
        ['sda', 9876],
        ['vda', 1086748],
        ['mmcblk0', 5120],
      ]),
    );
    expect(d.readBytes).toBe((104380642 + 987654 + 22588890 + 40960) * 512);
  });

  it('reads per-interface counters and leaves loopback out', () => {
    expect(parseNetDev(NETDEV)).toEqual([{ iface: 'eth0', rxBytes: 1000000, txBytes: 200000, errs: 0 }]);
  });

  it('adds up receive and transmit errors and drops from a recorded /proc/net/dev', () => {
    expect(parseNetDev(RECORDED_NETDEV)).toEqual([
      { iface: 'enp3s0', rxBytes: 1843915214, txBytes: 99735264, errs: 12 + 340 + 3 + 1 },
      { iface: 'wlp2s0', rxBytes: 0, txBytes: 0, errs: 0 },
      // A long name runs into its first number: the colon still splits them.
      { iface: 'enp0s31f6', rxBytes: 12345678901, txBytes: 5, errs: 7 },
    ]);
  });

  it('gives null errors, not NaN, for a row cut short', () => {
    expect(parseNetDev('  eth1: 100 2 0 0 0 0 0 0 300 4\n')).toEqual([
      { iface: 'eth1', rxBytes: 100, txBytes: 300, errs: null },
    ]);
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
    expect(s.net).toEqual([{ iface: 'eth0', rxBps: 1000000, txBps: 0, errPs: 0 }]);
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
