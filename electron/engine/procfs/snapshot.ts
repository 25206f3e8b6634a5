import type { DiskUsage, Sample } from '../../../shared/schemas';
import {
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  parseUptime,
  type CpuTimes,
  type DiskCounters,
  type MemInfo,
  type NetCounters,
} from './parse';

/** The raw text of the /proc files one poll reads, from whichever machine. */
export interface ProcTexts {
  stat: string;
  meminfo: string;
  loadavg: string;
  diskstats: string;
  netdev: string;
  uptime: string;
}

/** Cumulative counters at one instant; a Sample is the difference between two of these. */
export interface ProcSnapshot {
  at: number;
  cpu: CpuTimes;
  cores: number;
  load: [number, number, number];
  mem: MemInfo;
  disk: DiskCounters;
  net: NetCounters[];
  uptimeSec: number;
}

export function parseSnapshot(texts: ProcTexts, at: number): ProcSnapshot {
  const stat = parseProcStat(texts.stat);
  return {
    at,
    cpu: stat.cpu,
    cores: stat.cores,
    load: parseLoadavg(texts.loadavg),
    mem: parseMeminfo(texts.meminfo),
    disk: parseDiskstats(texts.diskstats),
    net: parseNetDev(texts.netdev),
    uptimeSec: parseUptime(texts.uptime),
  };
}

/**
 * Builds a Sample from the current snapshot and the previous one. Rates are null without a
 * previous snapshot, and counters that went backwards (a reboot, a wrapped counter, an
 * interface that came back) give null rather than a huge negative spike.
 */
export function deriveSample(
  hostId: string,
  prev: ProcSnapshot | null,
  cur: ProcSnapshot,
  extra: { disks: DiskUsage[]; processCount: number; pollMs: number },
): Sample {
  const dtSec = prev ? (cur.at - prev.at) / 1000 : 0;
  const usable = prev !== null && dtSec > 0 && cur.uptimeSec >= prev.uptimeSec;

  let busyPct: number | null = null;
  let iowaitPct: number | null = null;
  let stealPct: number | null = null;
  if (usable && prev) {
    const dTotal = cur.cpu.total - prev.cpu.total;
    if (dTotal > 0) {
      const share = (a: number, b: number): number => clampPct(((a - b) / dTotal) * 100);
      const idleNow = cur.cpu.idle + cur.cpu.iowait;
      const idleBefore = prev.cpu.idle + prev.cpu.iowait;
      busyPct = clampPct(100 - ((idleNow - idleBefore) / dTotal) * 100);
      iowaitPct = cur.cpu.hasIowait ? share(cur.cpu.iowait, prev.cpu.iowait) : null;
      stealPct = cur.cpu.hasSteal ? share(cur.cpu.steal, prev.cpu.steal) : null;
    }
  }

  const rate = (now: number, before: number): number | null =>
    usable && now >= before ? (now - before) / dtSec : null;

  const prevNet = new Map(prev?.net.map((n) => [n.iface, n]));
  const net = cur.net.flatMap((n) => {
    const p = prevNet.get(n.iface);
    if (!p) return [];
    const rxBps = rate(n.rxBytes, p.rxBytes);
    const txBps = rate(n.txBytes, p.txBytes);
    if (rxBps == null || txBps == null) return [];
    const errPs = n.errs !== null && p.errs !== null ? rate(n.errs, p.errs) : null;
    return [{ iface: n.iface, rxBps, txBps, errPs }];
  });

  return {
    hostId,
    ts: cur.at,
    pollMs: extra.pollMs,
    cpu: { cores: cur.cores, busyPct, iowaitPct, stealPct },
    load: cur.load,
    mem: {
      totalBytes: cur.mem.totalBytes,
      usedBytes: cur.mem.usedBytes,
      availableBytes: cur.mem.availableBytes,
    },
    swap: { totalBytes: cur.mem.swapTotalBytes, usedBytes: cur.mem.swapUsedBytes },
    disks: extra.disks,
    diskIo: {
      readBps: prev ? rate(cur.disk.readBytes, prev.disk.readBytes) : null,
      writeBps: prev ? rate(cur.disk.writeBytes, prev.disk.writeBytes) : null,
      busyPct: usable && prev ? busiestDiskPct(prev.disk.ioMs, cur.disk.ioMs, dtSec * 1000) : null,
    },
    net,
    uptimeSec: cur.uptimeSec,
    processCount: extra.processCount,
  };
}

/**
 * iostat's %util of the busiest whole disk: one saturated disk stalls whatever waits on it, so
 * the maximum, not the mean over disks, is what says a host is I/O-bound. A disk that is new,
 * or whose counter went backwards (it is 32-bit milliseconds and wraps after 49.7 days), gives
 * nothing this interval; null when no disk gives anything.
 */
function busiestDiskPct(
  prev: ReadonlyMap<string, number>,
  cur: ReadonlyMap<string, number>,
  dtMs: number,
): number | null {
  let max: number | null = null;
  for (const [name, ms] of cur) {
    const before = prev.get(name);
    if (before === undefined || ms < before) continue;
    // Ticks are counted at request boundaries, so an interval can read a little over 100 %.
    const pct = clampPct(((ms - before) / dtMs) * 100);
    if (max === null || pct > max) max = pct;
  }
  return max;
}

function clampPct(v: number): number {
  return Math.min(100, Math.max(0, v));
}

/** Disk use the way df(1) shows it: reserved blocks count as neither used nor available. */
export function diskUsage(
  mount: string,
  fs: string,
  totalBytes: number,
  freeBytes: number,
  availBytes: number,
  inodesUsedPct: number | null = null,
): DiskUsage {
  const usedBytes = Math.max(0, totalBytes - freeBytes);
  const denom = usedBytes + availBytes;
  const usedPct = denom > 0 ? (usedBytes / denom) * 100 : 0;
  return { mount, fs, totalBytes, usedBytes, usedPct, inodesUsedPct };
}

/**
 * Inode use as `df -i` shows it, from used and free inode counts (statfs: files − ffree and
 * ffree). Null when both are 0: btrfs, vfat and most network filesystems have no inode table
 * to run out of, and "0 %" would read as plenty left.
 */
export function inodeUsePct(used: number, free: number): number | null {
  const u = Math.max(0, used);
  const total = u + Math.max(0, free);
  return total > 0 && Number.isFinite(total) ? (u / total) * 100 : null;
}
