// Turns the board queries' vectors (see queries.ts) into one Sample per instance, the same shape
// the SSH and local collectors produce, so health rules and pages need not know the source.
import type { DiskUsage, NetRate, Sample } from '../../../shared/schemas';
import type { PromVectorSample } from './promClient';
import { GAUGE_KEYS, type BoardFamily } from './queries';

/** Board query results by family; a missing family counts as empty. */
export type FamilyResults = Partial<Record<BoardFamily, PromVectorSample[]>>;

/** One `up` series: a scrape target. */
export interface UpTarget {
  instance: string;
  job: string;
  up: boolean;
}

/** Prometheus values are text and may be "NaN" or "+Inf": those become null. */
export function promNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Targets from the `up` vector, one per instance. An instance scraped by two matching jobs
 * counts as down if either scrape fails: a failing scrape is worth showing.
 */
export function parseUp(result: readonly PromVectorSample[]): UpTarget[] {
  const byInstance = new Map<string, UpTarget>();
  for (const s of result) {
    const instance = s.metric.instance;
    if (!instance) continue;
    const up = promNumber(s.value[1]) === 1;
    const prev = byInstance.get(instance);
    if (prev) prev.up &&= up;
    else byInstance.set(instance, { instance, job: s.metric.job ?? '', up });
  }
  return [...byInstance.values()].sort((a, b) => a.instance.localeCompare(b.instance));
}

interface Acc {
  one: Map<string, number>;
  disks: Map<string, Map<string, number>>;
  fstypes: Map<string, string>;
  diskio: Map<string, Map<string, number>>;
  net: Map<string, Map<string, number>>;
  tsSec: number;
}

function acc(byInstance: Map<string, Acc>, instance: string): Acc {
  let a = byInstance.get(instance);
  if (!a) {
    a = { one: new Map(), disks: new Map(), fstypes: new Map(), diskio: new Map(), net: new Map(), tsSec: 0 };
    byInstance.set(instance, a);
  }
  return a;
}

function put(map: Map<string, Map<string, number>>, key: string, metric: string, v: number): void {
  let m = map.get(key);
  if (!m) map.set(key, (m = new Map<string, number>()));
  m.set(metric, v);
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const pct = (n: number | null | undefined) => (n == null ? null : round(Math.min(100, Math.max(0, n))));

/**
 * Builds a Sample for every instance that has node_exporter series (memory or CPU); instances
 * without any (not a node_exporter, or down so Prometheus marked its series stale) are absent.
 * `pollMs` is the refresh's round trip; `hostIdOf` maps an instance to its host id.
 */
export function buildSamples(
  results: FamilyResults,
  pollMs: number,
  hostIdOf: (instance: string) => string,
): Map<string, Sample> {
  const byInstance = new Map<string, Acc>();
  for (const family of ['cpu', 'system', 'filesystem', 'diskio', 'network'] as const) {
    for (const s of results[family] ?? []) {
      const { instance } = s.metric;
      // Rate families name their parts in `metric`; gauge families keep node_exporter's names.
      const metric = s.metric.metric ?? GAUGE_KEYS[s.metric.__name__ ?? ''];
      const v = promNumber(s.value[1]);
      if (!instance || !metric || v === null) continue;
      const a = acc(byInstance, instance);
      a.tsSec = Math.max(a.tsSec, s.value[0]);
      if (family === 'filesystem') {
        const mount = s.metric.mountpoint ?? '';
        put(a.disks, mount, metric, v);
        a.fstypes.set(mount, s.metric.fstype ?? '');
      } else if (family === 'diskio') put(a.diskio, s.metric.device ?? '', metric, v);
      else if (family === 'network') put(a.net, s.metric.device ?? '', metric, v);
      else a.one.set(metric, v);
    }
  }
  const out = new Map<string, Sample>();
  for (const [instance, a] of byInstance) {
    const sample = toSample(hostIdOf(instance), a, pollMs);
    if (sample) out.set(instance, sample);
  }
  return out;
}

function toSample(hostId: string, a: Acc, pollMs: number): Sample | null {
  const g = (k: string) => a.one.get(k) ?? null;
  const memTotal = g('mem_total');
  const cores = g('cores');
  const idle = g('cpu_idle');
  const boot = g('boot_time');
  if (memTotal === null && cores === null) return null;
  const memAvailable = g('mem_available') ?? 0;
  const swapTotal = g('swap_total') ?? 0;
  const load = [g('load1'), g('load5'), g('load15')];
  const disks: DiskUsage[] = [];
  for (const [mount, d] of a.disks) {
    const size = d.get('fs_size');
    if (!size) continue;
    const used = size - (d.get('fs_free') ?? size);
    const avail = d.get('fs_avail') ?? size - used;
    const files = d.get('fs_files') ?? 0;
    const filesFree = d.get('fs_files_free');
    disks.push({
      mount,
      fs: a.fstypes.get(mount) ?? '',
      totalBytes: size,
      usedBytes: used,
      // df's Use%: used over what non-root users could have, as the other collectors report it.
      usedPct: used + avail > 0 ? round((used / (used + avail)) * 100) : 0,
      inodesUsedPct: files > 0 && filesFree != null ? round((1 - filesFree / files) * 100) : null,
    });
  }
  disks.sort((x, y) => x.mount.localeCompare(y.mount));
  let readBps: number | null = null;
  let writeBps: number | null = null;
  let busiest: number | null = null;
  for (const d of a.diskio.values()) {
    const r = d.get('read_bps');
    const w = d.get('write_bps');
    const io = d.get('io_time');
    if (r != null) readBps = (readBps ?? 0) + r;
    if (w != null) writeBps = (writeBps ?? 0) + w;
    if (io != null) busiest = Math.max(busiest ?? 0, io * 100);
  }
  const net: NetRate[] = [];
  for (const [iface, n] of a.net) {
    const rx = n.get('rx_bps');
    const tx = n.get('tx_bps');
    if (rx == null && tx == null) continue;
    net.push({ iface, rxBps: round(rx ?? 0), txBps: round(tx ?? 0), errPs: n.get('err_ps') ?? null });
  }
  net.sort((x, y) => x.iface.localeCompare(y.iface));
  return {
    hostId,
    ts: Math.round(a.tsSec * 1000),
    pollMs,
    cpu: {
      cores: Math.round(cores ?? 0),
      busyPct: pct(idle === null ? null : 100 - idle),
      iowaitPct: pct(g('cpu_iowait')),
      stealPct: pct(g('cpu_steal')),
    },
    load: load.every((l) => l !== null) ? (load as [number, number, number]) : null,
    mem: {
      totalBytes: memTotal ?? 0,
      usedBytes: Math.max(0, (memTotal ?? 0) - memAvailable),
      availableBytes: memAvailable,
    },
    swap: { totalBytes: swapTotal, usedBytes: Math.max(0, swapTotal - (g('swap_free') ?? swapTotal)) },
    disks,
    diskIo: {
      readBps: readBps === null ? null : round(readBps),
      writeBps: writeBps === null ? null : round(writeBps),
      busyPct: pct(busiest),
    },
    net,
    uptimeSec: boot === null ? 0 : Math.max(0, Math.round(a.tsSec - boot)),
    processCount: Math.round(g('processes') ?? 0),
  };
}
