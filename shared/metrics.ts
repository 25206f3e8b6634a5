import type { DiskUsage, NetRate, Sample } from './schemas';
import { SERVICE_METRICS } from './services';

/** Every stored metric of a host, with its unit. Labels (mount, iface) go in the series' label string. */
export const HOST_METRICS = {
  'cpu.busy_pct': { unit: '%', label: 'CPU busy' },
  'cpu.cores': { unit: '', label: 'CPU cores' },
  'cpu.iowait_pct': { unit: '%', label: 'CPU iowait' },
  'cpu.steal_pct': { unit: '%', label: 'CPU steal' },
  'load.1': { unit: '', label: 'Load 1m' },
  'load.5': { unit: '', label: 'Load 5m' },
  'load.15': { unit: '', label: 'Load 15m' },
  'mem.used_bytes': { unit: 'B', label: 'Memory used' },
  'mem.available_bytes': { unit: 'B', label: 'Memory available' },
  'mem.total_bytes': { unit: 'B', label: 'Memory total' },
  'mem.used_pct': { unit: '%', label: 'Memory used' },
  'swap.used_bytes': { unit: 'B', label: 'Swap used' },
  'swap.total_bytes': { unit: 'B', label: 'Swap total' },
  'disk.used_bytes': { unit: 'B', label: 'Disk used' },
  'disk.total_bytes': { unit: 'B', label: 'Disk size' },
  'disk.used_pct': { unit: '%', label: 'Disk used' },
  'disk.inodes_used_pct': { unit: '%', label: 'Inodes used' },
  'diskio.read_bps': { unit: 'B/s', label: 'Disk read' },
  'diskio.write_bps': { unit: 'B/s', label: 'Disk write' },
  'diskio.busy_pct': { unit: '%', label: 'Disk busy (busiest disk)' },
  'net.rx_bps': { unit: 'B/s', label: 'Network in' },
  'net.tx_bps': { unit: 'B/s', label: 'Network out' },
  'net.err_ps': { unit: '/s', label: 'Network errors and drops' },
  'host.uptime_sec': { unit: 's', label: 'Uptime' },
  'host.process_count': { unit: '', label: 'Processes' },
  'host.poll_ms': { unit: 'ms', label: 'Poll time (round trip for SSH hosts)' },
  'host.connect_ms': { unit: 'ms', label: 'TCP connect time' },
} as const;

/** Every stored metric: a host's, and a database's or cache's (stored under the service's own key). */
export const METRICS = { ...HOST_METRICS, ...SERVICE_METRICS } as const;
export type MetricName = keyof typeof METRICS;

/** One stored value: metric, label string ('' or 'mount=/'), value. */
export type FlatPoint = readonly [metric: MetricName, labels: string, value: number];

/** Flattens a sample into storable points, skipping values the OS did not give. */
export function flattenSample(s: Sample): FlatPoint[] {
  const out: FlatPoint[] = [];
  const add = (metric: MetricName, value: number | null, labels = ''): void => {
    if (value != null && Number.isFinite(value)) out.push([metric, labels, value]);
  };
  add('cpu.busy_pct', s.cpu.busyPct);
  add('cpu.cores', s.cpu.cores);
  add('cpu.iowait_pct', s.cpu.iowaitPct);
  add('cpu.steal_pct', s.cpu.stealPct);
  if (s.load) {
    add('load.1', s.load[0]);
    add('load.5', s.load[1]);
    add('load.15', s.load[2]);
  }
  add('mem.used_bytes', s.mem.usedBytes);
  add('mem.available_bytes', s.mem.availableBytes);
  add('mem.total_bytes', s.mem.totalBytes);
  add('mem.used_pct', memUsedPct(s));
  add('swap.used_bytes', s.swap.usedBytes);
  add('swap.total_bytes', s.swap.totalBytes);
  for (const d of s.disks) {
    const labels = `mount=${d.mount}`;
    add('disk.used_bytes', d.usedBytes, labels);
    add('disk.total_bytes', d.totalBytes, labels);
    add('disk.used_pct', d.usedPct, labels);
    add('disk.inodes_used_pct', d.inodesUsedPct ?? null, labels);
  }
  add('diskio.read_bps', s.diskIo.readBps);
  add('diskio.write_bps', s.diskIo.writeBps);
  add('diskio.busy_pct', s.diskIo.busyPct ?? null);
  for (const n of s.net) {
    const labels = `iface=${n.iface}`;
    add('net.rx_bps', n.rxBps, labels);
    add('net.tx_bps', n.txBps, labels);
    add('net.err_ps', n.errPs ?? null, labels);
  }
  add('host.uptime_sec', s.uptimeSec);
  add('host.process_count', s.processCount);
  add('host.poll_ms', s.pollMs);
  add('host.connect_ms', s.connectMs ?? null);
  return out;
}

export function memUsedPct(s: Pick<Sample, 'mem'>): number {
  return s.mem.totalBytes > 0 ? (s.mem.usedBytes / s.mem.totalBytes) * 100 : 0;
}

export function totalNet(s: Pick<Sample, 'net'>): { rxBps: number; txBps: number } {
  let rxBps = 0;
  let txBps = 0;
  for (const n of s.net) {
    rxBps += n.rxBps;
    txBps += n.txBps;
  }
  return { rxBps, txBps };
}

/** The fullest disk, which is the one that matters on a card. */
export function fullestDisk(s: Pick<Sample, 'disks'>): Sample['disks'][number] | null {
  let worst: Sample['disks'][number] | null = null;
  for (const d of s.disks) if (!worst || d.usedPct > worst.usedPct) worst = d;
  return worst;
}

/**
 * Rebuilds a sample from its stored points (the inverse of flattenSample), for time travel.
 * What was not stored comes back empty: filesystem types, and the core count of data written
 * before it was stored (then `fallbackCores`). Inode use, disk busy and network errors come
 * back null where the poll did not store them (data written before they were collected).
 */
export function unflattenSample(
  hostId: string,
  ts: number,
  points: readonly FlatPoint[],
  fallbackCores = 1,
): Sample {
  const one = new Map<string, number>();
  const disks = new Map<string, Omit<DiskUsage, 'mount' | 'fs'>>();
  const nets = new Map<string, Omit<NetRate, 'iface'>>();
  for (const [metric, labels, value] of points) {
    if (labels.startsWith('mount=')) {
      const d = disks.get(labels.slice(6)) ?? {
        totalBytes: 0,
        usedBytes: 0,
        usedPct: 0,
        inodesUsedPct: null,
      };
      if (metric === 'disk.total_bytes') d.totalBytes = value;
      else if (metric === 'disk.used_bytes') d.usedBytes = value;
      else if (metric === 'disk.used_pct') d.usedPct = value;
      else if (metric === 'disk.inodes_used_pct') d.inodesUsedPct = value;
      disks.set(labels.slice(6), d);
    } else if (labels.startsWith('iface=')) {
      const n = nets.get(labels.slice(6)) ?? { rxBps: 0, txBps: 0, errPs: null };
      if (metric === 'net.rx_bps') n.rxBps = value;
      else if (metric === 'net.tx_bps') n.txBps = value;
      else if (metric === 'net.err_ps') n.errPs = value;
      nets.set(labels.slice(6), n);
    } else {
      one.set(metric, value);
    }
  }
  const v = (m: MetricName): number | null => one.get(m) ?? null;
  const l1 = v('load.1');
  const l5 = v('load.5');
  const l15 = v('load.15');
  return {
    hostId,
    ts,
    pollMs: v('host.poll_ms') ?? 0,
    cpu: {
      cores: v('cpu.cores') ?? fallbackCores,
      busyPct: v('cpu.busy_pct'),
      iowaitPct: v('cpu.iowait_pct'),
      stealPct: v('cpu.steal_pct'),
    },
    load: l1 !== null && l5 !== null && l15 !== null ? [l1, l5, l15] : null,
    mem: {
      totalBytes: v('mem.total_bytes') ?? 0,
      usedBytes: v('mem.used_bytes') ?? 0,
      availableBytes: v('mem.available_bytes') ?? 0,
    },
    swap: { totalBytes: v('swap.total_bytes') ?? 0, usedBytes: v('swap.used_bytes') ?? 0 },
    disks: [...disks].map(([mount, d]) => ({ mount, fs: '', ...d })),
    diskIo: { readBps: v('diskio.read_bps'), writeBps: v('diskio.write_bps'), busyPct: v('diskio.busy_pct') },
    net: [...nets].map(([iface, n]) => ({ iface, ...n })),
    uptimeSec: v('host.uptime_sec') ?? 0,
    processCount: v('host.process_count') ?? 0,
    connectMs: v('host.connect_ms'),
  };
}
