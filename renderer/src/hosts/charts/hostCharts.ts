import { memUsedPct, totalNet, type MetricName } from '../../../../shared/metrics';
import type { Sample } from '../../../../shared/schemas';
import type { LineSpec, MetricRef } from './chartData';
import type { ChartUnit } from '../../charts/chartUnits';

/** One line on a chart: where its stored values come from and how to read it off a live sample. */
export interface ChartLine extends LineSpec {
  key: string;
  label: string;
  /** A CSS custom property holding a #rrggbb colour (the canvas cannot read variables itself). */
  color: string;
  live: (s: Sample) => number | null;
}

export interface ChartDef {
  id: string;
  title: string;
  unit: ChartUnit;
  /** Percent charts keep 0–100 so a glance compares them; others scale from zero to their data. */
  fullScale?: boolean;
  lines: ChartLine[];
  /** Said in place of the chart when it has no lines (a host with no disks). */
  none?: string;
}

/** What a host has had that gets one line each: its mounts and network interfaces. */
export interface HostShape {
  ssh: boolean;
  mounts: readonly string[];
  /** Mounts with an inode count (btrfs and vfat have none, so they would draw an empty line). */
  inodeMounts: readonly string[];
  ifaces: readonly string[];
}

const PALETTE = ['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6'];
const colour = (i: number): string => PALETTE[i % PALETTE.length]!;

const ref = (metric: MetricName, labels = ''): MetricRef => ({ metric, labels });

function one(
  key: string,
  label: string,
  color: string,
  metric: MetricName,
  live: ChartLine['live'],
): ChartLine {
  return { key, label, color, refs: [ref(metric)], combine: 'one', live };
}

const LOADS = [
  { metric: 'load.1', label: '1 min', at: 0 },
  { metric: 'load.5', label: '5 min', at: 1 },
  { metric: 'load.15', label: '15 min', at: 2 },
] as const;

/**
 * The host page's charts, in reading order. Declarative on purpose: adding a chart is adding
 * an entry here; MetricChart and the range hook know nothing about what a metric means.
 */
export function hostChartDefs(shape: HostShape): ChartDef[] {
  const net = (metric: 'net.rx_bps' | 'net.tx_bps' | 'net.err_ps'): MetricRef[] =>
    shape.ifaces.map((i) => ref(metric, `iface=${i}`));
  const latency: ChartLine[] = [
    one('poll', shape.ssh ? 'Poll round trip' : 'Poll time', '--chart-cpu', 'host.poll_ms', (s) => s.pollMs),
  ];
  if (shape.ssh) {
    latency.push(one('connect', 'TCP connect', '--series-3', 'host.connect_ms', (s) => s.connectMs ?? null));
  }
  return [
    {
      id: 'cpu',
      title: 'CPU',
      unit: 'pct',
      fullScale: true,
      lines: [
        one('busy', 'Busy', '--chart-cpu', 'cpu.busy_pct', (s) => s.cpu.busyPct),
        one('iowait', 'iowait', '--series-3', 'cpu.iowait_pct', (s) => s.cpu.iowaitPct),
      ],
    },
    {
      id: 'memory',
      title: 'Memory',
      unit: 'pct',
      fullScale: true,
      lines: [
        one('used', 'Used', '--chart-mem', 'mem.used_pct', (s) => memUsedPct(s)),
        {
          key: 'swap',
          label: 'Swap used',
          color: '--series-2',
          refs: [ref('swap.used_bytes'), ref('swap.total_bytes')],
          combine: 'ratioPct',
          live: (s) => (s.swap.totalBytes > 0 ? (s.swap.usedBytes / s.swap.totalBytes) * 100 : null),
        },
      ],
    },
    {
      id: 'disk',
      title: 'Disk use',
      unit: 'pct',
      fullScale: true,
      none: 'No filesystems reported.',
      lines: shape.mounts.map((m, i) => ({
        key: `mount=${m}`,
        label: m,
        color: colour(i),
        refs: [ref('disk.used_pct', `mount=${m}`)],
        combine: 'one',
        live: (s) => s.disks.find((d) => d.mount === m)?.usedPct ?? null,
      })),
    },
    {
      id: 'inodes',
      title: 'Inode use',
      unit: 'pct',
      fullScale: true,
      none: 'No inode counts reported (btrfs and vfat have no inode limit).',
      lines: shape.inodeMounts.map((m) => ({
        key: `mount=${m}`,
        label: m,
        // The mount's colour on the disk use chart, so a mount reads the same on both.
        color: colour(Math.max(0, shape.mounts.indexOf(m))),
        refs: [ref('disk.inodes_used_pct', `mount=${m}`)],
        combine: 'one',
        live: (s) => s.disks.find((d) => d.mount === m)?.inodesUsedPct ?? null,
      })),
    },
    {
      id: 'diskio',
      title: 'Disk I/O',
      unit: 'bytesPerSec',
      lines: [
        one('read', 'Read', '--series-1', 'diskio.read_bps', (s) => s.diskIo.readBps),
        one('write', 'Write', '--series-3', 'diskio.write_bps', (s) => s.diskIo.writeBps),
      ],
    },
    {
      id: 'diskbusy',
      // Percent, so not on the Disk I/O chart's byte axis.
      title: 'Disk busy (busiest disk)',
      unit: 'pct',
      fullScale: true,
      lines: [one('busy', 'Busy', '--series-4', 'diskio.busy_pct', (s) => s.diskIo.busyPct ?? null)],
    },
    {
      id: 'net',
      // Summed: per interface, a box with containers has a dozen veths and the lines drown.
      title: shape.ifaces.length > 1 ? `Network (${shape.ifaces.length} interfaces)` : 'Network',
      unit: 'bytesPerSec',
      none: 'No network interfaces reported.',
      lines:
        shape.ifaces.length === 0
          ? []
          : [
              {
                key: 'rx',
                label: '↓ In',
                color: '--series-1',
                refs: net('net.rx_bps'),
                combine: 'sum',
                live: (s) => (s.net.length ? totalNet(s).rxBps : null),
              },
              {
                key: 'tx',
                label: '↑ Out',
                color: '--series-3',
                refs: net('net.tx_bps'),
                combine: 'sum',
                live: (s) => (s.net.length ? totalNet(s).txBps : null),
              },
            ],
    },
    {
      id: 'neterr',
      title: 'Network errors',
      unit: 'perSec',
      none: 'No network interfaces reported.',
      lines:
        shape.ifaces.length === 0
          ? []
          : [
              {
                key: 'errs',
                label: 'Errors + drops',
                color: '--series-5',
                refs: net('net.err_ps'),
                combine: 'sum',
                live: (s) => sumErrors(s),
              },
            ],
    },
    {
      id: 'load',
      // Per core, as the load rule judges it: 1.0 means every core busy whatever the core count.
      title: 'Load per core',
      unit: 'perCore',
      lines: LOADS.map((l, i) => ({
        key: l.metric,
        label: l.label,
        color: colour(i + 3),
        refs: [ref(l.metric), ref('cpu.cores')],
        combine: 'ratio',
        live: (s) => (s.load && s.cpu.cores > 0 ? s.load[l.at] / s.cpu.cores : null),
      })),
    },
    { id: 'latency', title: 'Latency', unit: 'ms', lines: latency },
  ];
}

/** Every interface's errors + drops per second added up; null when none reported them. */
function sumErrors(s: Sample): number | null {
  let sum: number | null = null;
  for (const n of s.net) if (n.errPs != null) sum = (sum ?? 0) + n.errPs;
  return sum;
}

/** Mounts and interfaces seen in any of the samples, in first-seen order, for stable colours. */
export function hostShape(ssh: boolean, samples: readonly (Sample | null)[]): HostShape {
  const mounts = new Set<string>();
  const inodeMounts = new Set<string>();
  const ifaces = new Set<string>();
  for (const s of samples) {
    if (!s) continue;
    for (const d of s.disks) {
      mounts.add(d.mount);
      if (d.inodesUsedPct != null) inodeMounts.add(d.mount);
    }
    for (const n of s.net) ifaces.add(n.iface);
  }
  return { ssh, mounts: [...mounts], inodeMounts: [...inodeMounts], ifaces: [...ifaces] };
}
