/**
 * Parsers for Linux /proc text. Pure functions over strings, so the same code reads the local
 * machine's files and the output a remote poll script sends back over SSH.
 */

/** Cumulative CPU jiffies from the aggregate `cpu` line of /proc/stat. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  total: number;
  /** false on kernels too old to report iowait/steal columns. */
  hasIowait: boolean;
  hasSteal: boolean;
}

export interface ProcStat {
  cpu: CpuTimes;
  cores: number;
}

export function parseProcStat(text: string): ProcStat {
  let cpu: CpuTimes | null = null;
  let cores = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu ')) {
      const f = line.trim().split(/\s+/).slice(1).map(Number);
      const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
      // guest and guest_nice are already included in user and nice.
      cpu = {
        user,
        nice,
        system,
        idle,
        iowait,
        irq,
        softirq,
        steal,
        total: user + nice + system + idle + iowait + irq + softirq + steal,
        hasIowait: f.length >= 5,
        hasSteal: f.length >= 8,
      };
    } else if (/^cpu\d+ /.test(line)) {
      cores++;
    }
  }
  if (!cpu || cpu.total <= 0 || f64Invalid(cpu.total))
    throw new ProcParseError('/proc/stat has no aggregate "cpu" line');
  return { cpu, cores: Math.max(cores, 1) };
}

export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
  usedBytes: number;
  swapTotalBytes: number;
  swapUsedBytes: number;
}

export function parseMeminfo(text: string): MemInfo {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+(?:\(\w+\))?):\s+(\d+)/.exec(line);
    if (m?.[1] && m[2]) kb.set(m[1], Number(m[2]) * 1024);
  }
  const total = kb.get('MemTotal');
  if (total == null) throw new ProcParseError('/proc/meminfo has no MemTotal');
  const free = kb.get('MemFree') ?? 0;
  // MemAvailable exists since Linux 3.14; before that, approximate it the way free(1) did.
  const available =
    kb.get('MemAvailable') ??
    free + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0) + (kb.get('SReclaimable') ?? 0);
  const swapTotal = kb.get('SwapTotal') ?? 0;
  const swapFree = kb.get('SwapFree') ?? 0;
  return {
    totalBytes: total,
    availableBytes: available,
    usedBytes: Math.max(0, total - available),
    swapTotalBytes: swapTotal,
    swapUsedBytes: Math.max(0, swapTotal - swapFree),
  };
}

export function parseLoadavg(text: string): [number, number, number] {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  if (a == null || b == null || c == null || [a, b, c].some(f64Invalid))
    throw new ProcParseError('/proc/loadavg is malformed');
  return [a, b, c];
}

export function parseUptime(text: string): number {
  const up = Number(text.trim().split(/\s+/)[0]);
  if (f64Invalid(up)) throw new ProcParseError('/proc/uptime is malformed');
  return up;
}

/**
 * Whole disks only (sd*, vd*, hd*, xvd*, nvme*n*, mmcblk*, no partition suffix): counting
 * partitions or device-mapper volumes too would double the I/O, and loop and ram devices are
 * not disks. md RAID and dm volumes are left out for the same reason; their members are counted.
 */
const WHOLE_DISK = /^(?:[shv]d[a-z]+|xvd[a-z]+|nvme\d+n\d+|mmcblk\d+)$/;

export interface DiskCounters {
  /** Bytes read and written since boot, summed over whole disks. */
  readBytes: number;
  writeBytes: number;
  /** Per whole disk, milliseconds spent doing I/O since boot (iostat's %util is its rate). */
  ioMs: Map<string, number>;
}

/**
 * Whole-disk counters from /proc/diskstats. Columns (1-based): 3 name, 6 sectors read,
 * 10 sectors written (always 512-byte sectors here), 13 time spent doing I/Os in ms.
 */
export function parseDiskstats(text: string): DiskCounters {
  let readBytes = 0;
  let writeBytes = 0;
  const ioMs = new Map<string, number>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const name = f[2] ?? '';
    if (f.length < 10 || !WHOLE_DISK.test(name)) continue;
    readBytes += Number(f[5]) * 512;
    writeBytes += Number(f[9]) * 512;
    const ticks = Number(f[12]);
    if (!f64Invalid(ticks)) ioMs.set(name, ticks);
  }
  return { readBytes, writeBytes, ioMs };
}

export interface NetCounters {
  iface: string;
  rxBytes: number;
  txBytes: number;
  /** Receive and transmit errors plus drops since the interface came up; null if unreadable. */
  errs: number | null;
}

/** Per-interface counters from /proc/net/dev, loopback left out (it is not network). */
export function parseNetDev(text: string): NetCounters[] {
  const out: NetCounters[] = [];
  for (const line of text.split('\n')) {
    const idx = line.indexOf(':');
    if (idx < 0) continue;
    const iface = line.slice(0, idx).trim();
    if (!iface || iface === 'lo' || iface.includes('|')) continue;
    const f = line
      .slice(idx + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    const rx = f[0];
    const tx = f[8];
    if (rx == null || tx == null || f64Invalid(rx) || f64Invalid(tx)) continue;
    // rx errs, rx drop, tx errs, tx drop.
    const errParts = [f[2], f[3], f[10], f[11]];
    const errs = errParts.every((n) => n != null && !f64Invalid(n))
      ? errParts.reduce<number>((a, n) => a + (n ?? 0), 0)
      : null;
    out.push({ iface, rxBytes: rx, txBytes: tx, errs });
  }
  return out;
}

export interface MountEntry {
  source: string;
  mount: string;
  fs: string;
}

/** Filesystems that hold data a person cares about; pseudo and in-memory ones are left out. */
const DATA_FS = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'zfs',
  'f2fs',
  'jfs',
  'reiserfs',
  'vfat',
  'exfat',
  'ntfs',
  'ntfs3',
  'fuseblk',
  'hfs',
  'hfsplus',
  'apfs',
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'ceph',
]);

/** /proc/self/mounts → data mounts, one per device (bind mounts of the same device collapse). */
export function parseMounts(text: string): MountEntry[] {
  const seen = new Set<string>();
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [source, rawMount, fs] = line.split(' ');
    if (!source || !rawMount || !fs) continue;
    const mount = unescapeMount(rawMount);
    // A container's root is an overlay: that is the disk its processes fill.
    if (!DATA_FS.has(fs) && !(fs === 'overlay' && mount === '/')) continue;
    if (seen.has(source)) continue;
    seen.add(source);
    out.push({ source, mount, fs });
  }
  return out;
}

/** The kernel escapes space, tab, newline and backslash in mount paths as octal. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export class ProcParseError extends Error {
  override name = 'ProcParseError';
}

function f64Invalid(n: number): boolean {
  return !Number.isFinite(n);
}
