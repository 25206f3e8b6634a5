// PromQL for the board: one instant query per metric family for all targets together, so a
// refresh costs the same handful of queries for 1 host or 1,000. Gauges of a family are read with
// one `__name__=~` selector and grouped `by (__name__, instance, …)`. rate() drops the name, so
// rate families are merged with `or` after `label_replace` puts each part's name in a `metric`
// label. Long `or` chains are what Prometheus pays most for (a 9-part chain cost 3× the by-name
// query over 200 targets), hence by-name wherever the series keep their names. node_exporter:
// https://github.com/prometheus/node_exporter/blob/v1.5.0/docs/node-mixin/
import type { MetricName } from '../../../shared/metrics';
import { promString } from './selector';

/** The families a board refresh queries, in order. */
export const BOARD_FAMILIES = ['up', 'cpu', 'system', 'filesystem', 'diskio', 'network'] as const;
export type BoardFamily = (typeof BOARD_FAMILIES)[number];

/**
 * Filesystems that are not disks a user can fill (memory, images, kernel views): node_exporter's
 * own default exclusions, plus tmpfs, ramfs and the like, which it keeps.
 */
export const EXCLUDED_FSTYPES =
  'tmpfs|devtmpfs|ramfs|overlay|squashfs|aufs|autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|efivarfs|fuse.lxcfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|sysfs|tracefs|nfsd';

/**
 * Whole disks only, as the local collector counts them: partitions, device-mapper, md, loop and
 * zram devices would count the same bytes twice or are not disks.
 */
export const WHOLE_DISKS = '[shv]d[a-z]+|xvd[a-z]+|nvme[0-9]+n[0-9]+|mmcblk[0-9]+';

/**
 * Receive and transmit errors and drops, added up. Not one `__name__=~` selector: rate() drops
 * the names, and Prometheus refuses a vector whose series then share a label set.
 */
const NET_ERRORS = [
  'node_network_receive_errs_total',
  'node_network_receive_drop_total',
  'node_network_transmit_errs_total',
  'node_network_transmit_drop_total',
];

/** The gauges of the `system` and `filesystem` families, by node_exporter name → key. */
export const GAUGE_KEYS: Readonly<Record<string, string>> = {
  node_load1: 'load1',
  node_load5: 'load5',
  node_load15: 'load15',
  node_memory_MemTotal_bytes: 'mem_total',
  node_memory_MemAvailable_bytes: 'mem_available',
  node_memory_SwapTotal_bytes: 'swap_total',
  node_memory_SwapFree_bytes: 'swap_free',
  // Uptime is the query's evaluation time minus this: `time() - node_boot_time_seconds`.
  node_boot_time_seconds: 'boot_time',
  // Only with node_exporter's processes collector (off by default); 0 processes otherwise.
  node_processes_pids: 'processes',
  node_filesystem_size_bytes: 'fs_size',
  node_filesystem_free_bytes: 'fs_free',
  node_filesystem_avail_bytes: 'fs_avail',
  node_filesystem_files: 'fs_files',
  node_filesystem_files_free: 'fs_files_free',
};

const isFs = (name: string) => name.startsWith('node_filesystem_');
const SYSTEM_GAUGES = Object.keys(GAUGE_KEYS)
  .filter((n) => !isFs(n))
  .join('|');
const FS_GAUGES = Object.keys(GAUGE_KEYS).filter(isFs).join('|');

/** Options for the board queries. */
export interface BoardQueryOptions {
  /**
   * Range of the rate() windows. It must hold at least two scrapes: 1m suits the usual 15 s
   * scrape interval; a Prometheus scraping every 30 s or more needs 2m or longer.
   */
  rateWindow?: string;
}

/** `label_replace(expr, "metric", name, "", "")`: names one part of a merged family. */
function tag(expr: string, name: string): string {
  return `label_replace(${expr}, "metric", "${name}", "", "")`;
}

/** `{extra,sel}` with the selector last so its matchers read as the user wrote them. */
function sel(selector: string, extra = ''): string {
  return `{${extra ? `${extra},` : ''}${selector}}`;
}

/**
 * The board's instant queries for every target the selector matches. `selector` must be the
 * normalized text from {@link parseSelector}, never raw user input.
 */
export function boardQueries(selector: string, opts: BoardQueryOptions = {}): Record<BoardFamily, string> {
  const w = opts.rateWindow ?? '1m';
  const s = (extra = '') => sel(selector, extra);
  const disk = (metric: string, name: string) =>
    tag(`sum by (instance, device) (rate(${metric}${s(`device=~"${WHOLE_DISKS}"`)}[${w}]))`, name);
  const net = (metrics: string[], name: string) =>
    tag(
      `sum by (instance, device) (${metrics.map((m) => `rate(${m}${s('device!="lo"')}[${w}])`).join(' + ')})`,
      name,
    );
  return {
    up: `up${s()}`,
    cpu: [
      // Share of time per mode, averaged over the cores: busy % is 100 − cpu_idle. One selector
      // for the three modes reads the same series as three would, with a third of the lookups.
      `label_replace(avg by (instance, mode) (rate(node_cpu_seconds_total${s('mode=~"idle|iowait|steal"')}[${w}])) * 100, "metric", "cpu_$1", "mode", "(.+)")`,
      // Distinct cpu labels, so two jobs scraping one machine do not double its cores.
      tag(
        `count by (instance) (count by (instance, cpu) (node_cpu_seconds_total${s('mode="idle"')}))`,
        'cores',
      ),
    ].join(' or '),
    system: `max by (__name__, instance) (${s(`__name__=~"${SYSTEM_GAUGES}"`)})`,
    filesystem: `max by (__name__, instance, mountpoint, fstype) (${s(`__name__=~"${FS_GAUGES}",fstype!~"${EXCLUDED_FSTYPES}"`)})`,
    diskio: [
      disk('node_disk_read_bytes_total', 'read_bps'),
      disk('node_disk_written_bytes_total', 'write_bps'),
      disk('node_disk_io_time_seconds_total', 'io_time'),
    ].join(' or '),
    network: [
      net(['node_network_receive_bytes_total'], 'rx_bps'),
      net(['node_network_transmit_bytes_total'], 'tx_bps'),
      net(NET_ERRORS, 'err_ps'),
    ].join(' or '),
  };
}

/** A chart series query: the expression, and the labels that split it into series. */
export interface RangeExpr {
  expr: string;
  /** Label that names each series (`mountpoint` → `mount=/`, `device` → `iface=eth0`), if any. */
  splitBy: 'mountpoint' | 'device' | null;
}

/**
 * PromQL for one metric of one instance over time, or null for metrics Prometheus does not
 * have (Greenboard's own poll and connect times). `window` is the rate() range; it should be
 * at least the query step, or points between scrapes are missed.
 */
export function rangeExpr(
  metric: MetricName,
  selector: string,
  instance: string,
  window: string,
): RangeExpr | null {
  const s = (extra = '') => sel(`${selector},instance=${promString(instance)}`, extra);
  const one = (expr: string): RangeExpr => ({ expr, splitBy: null });
  const cpuMode = (mode: string) => `avg(rate(node_cpu_seconds_total${s(`mode="${mode}"`)}[${window}]))`;
  const fsSel = s(`fstype!~"${EXCLUDED_FSTYPES}"`);
  const fs = (expr: string): RangeExpr => ({ expr: `max by (mountpoint) (${expr})`, splitBy: 'mountpoint' });
  const diskSum = (m: string) => `sum(rate(${m}${s(`device=~"${WHOLE_DISKS}"`)}[${window}]))`;
  const net = (ms: string[]): RangeExpr => ({
    expr: `sum by (device) (${ms.map((m) => `rate(${m}${s('device!="lo"')}[${window}])`).join(' + ')})`,
    splitBy: 'device',
  });
  const mem = (m: string) => `max(node_memory_${m}_bytes${s()})`;
  switch (metric) {
    case 'cpu.busy_pct':
      return one(`(1 - ${cpuMode('idle')}) * 100`);
    case 'cpu.iowait_pct':
      return one(`${cpuMode('iowait')} * 100`);
    case 'cpu.steal_pct':
      return one(`${cpuMode('steal')} * 100`);
    case 'cpu.cores':
      return one(`count(count by (cpu) (node_cpu_seconds_total${s('mode="idle"')}))`);
    case 'load.1':
    case 'load.5':
    case 'load.15':
      return one(`max(node_load${metric.slice(5)}${s()})`);
    case 'mem.used_bytes':
      return one(`${mem('MemTotal')} - ${mem('MemAvailable')}`);
    case 'mem.available_bytes':
      return one(mem('MemAvailable'));
    case 'mem.total_bytes':
      return one(mem('MemTotal'));
    case 'mem.used_pct':
      return one(`(1 - ${mem('MemAvailable')} / ${mem('MemTotal')}) * 100`);
    case 'swap.used_bytes':
      return one(`${mem('SwapTotal')} - ${mem('SwapFree')}`);
    case 'swap.total_bytes':
      return one(mem('SwapTotal'));
    case 'disk.used_bytes':
      return fs(`node_filesystem_size_bytes${fsSel} - node_filesystem_free_bytes${fsSel}`);
    case 'disk.total_bytes':
      return fs(`node_filesystem_size_bytes${fsSel}`);
    case 'disk.used_pct':
      // df's Use%: used over what non-root users could have (used + available).
      return fs(
        `(node_filesystem_size_bytes${fsSel} - node_filesystem_free_bytes${fsSel}) / (node_filesystem_size_bytes${fsSel} - node_filesystem_free_bytes${fsSel} + node_filesystem_avail_bytes${fsSel}) * 100`,
      );
    case 'disk.inodes_used_pct':
      return fs(`(1 - node_filesystem_files_free${fsSel} / node_filesystem_files${fsSel}) * 100`);
    case 'diskio.read_bps':
      return one(diskSum('node_disk_read_bytes_total'));
    case 'diskio.write_bps':
      return one(diskSum('node_disk_written_bytes_total'));
    case 'diskio.busy_pct':
      return one(
        `max(rate(node_disk_io_time_seconds_total${s(`device=~"${WHOLE_DISKS}"`)}[${window}])) * 100`,
      );
    case 'net.rx_bps':
      return net(['node_network_receive_bytes_total']);
    case 'net.tx_bps':
      return net(['node_network_transmit_bytes_total']);
    case 'net.err_ps':
      return net(NET_ERRORS);
    case 'host.uptime_sec':
      return one(`max(time() - node_boot_time_seconds${s()})`);
    case 'host.process_count':
      return one(`max(node_processes_pids${s()})`);
    case 'host.poll_ms':
    case 'host.connect_ms':
      return null;
    default:
      // A database's or cache's metrics are read through SSH, never from a host's node_exporter.
      return null;
  }
}
