import type { ProcessInfo, Sample } from '../../../shared/schemas';
import { diskUsage } from '../procfs/snapshot';
import { systemInformation, topProcessesViaSi } from './processes';
import type { Collector } from './types';
import { LOCAL_LINK } from '../fixedLinks';

/**
 * The local collector for macOS and Windows, where there is no /proc: systeminformation does
 * the OS-specific work. Linux uses LinuxLocalCollector, which is far cheaper per poll.
 */
export class SiLocalCollector implements Collector {
  /** This machine is always reachable. */
  readonly link = LOCAL_LINK;
  private first = true;

  constructor(
    private readonly hostId: string,
    private readonly now: () => number,
  ) {}

  async prime(): Promise<void> {
    const si = await systemInformation();
    await Promise.all([si.currentLoad(), si.networkStats('*'), si.disksIO().catch(() => null)]);
    this.first = false;
  }

  async collect(): Promise<Sample> {
    const started = performance.now();
    const ts = this.now();
    const si = await systemInformation();
    const [load, mem, fs, net, io, procs, time] = await Promise.all([
      si.currentLoad(),
      si.mem(),
      si.fsSize(),
      si.networkStats('*'),
      si.disksIO().catch(() => null),
      si.processes().catch(() => null),
      Promise.resolve(si.time()),
    ]);
    // systeminformation computes rates against its own previous call; the first call has none.
    const first = this.first;
    this.first = false;
    return {
      hostId: this.hostId,
      ts,
      pollMs: performance.now() - started,
      cpu: {
        cores: load.cpus.length || 1,
        busyPct: load.currentLoad,
        iowaitPct: null,
        stealPct: load.currentLoadSteal ?? null,
      },
      load: load.avgLoad ? [load.avgLoad, load.avgLoad, load.avgLoad] : null,
      mem: { totalBytes: mem.total, usedBytes: mem.total - mem.available, availableBytes: mem.available },
      swap: { totalBytes: mem.swaptotal, usedBytes: mem.swapused },
      disks: fs.map((d) => diskUsage(d.mount, d.type, d.size, d.size - d.used, d.available)),
      diskIo: {
        readBps: first || !io ? null : (io.rIO_sec ?? null),
        writeBps: first || !io ? null : (io.wIO_sec ?? null),
        // systeminformation's wait times are weighted queue time, not %util: null, not a guess.
        busyPct: null,
      },
      // Error counters are not diffed here yet: errPs null keeps the network-errors rule quiet.
      net: first
        ? []
        : net
            .filter((n) => n.iface !== 'lo' && n.rx_sec != null && n.tx_sec != null)
            .map((n) => ({ iface: n.iface, rxBps: n.rx_sec ?? 0, txBps: n.tx_sec ?? 0, errPs: null })),
      uptimeSec: Number(time.uptime) || 0,
      processCount: procs?.all ?? 0,
    };
  }

  topProcesses(by: 'cpu' | 'memory', limit: number): Promise<ProcessInfo[]> {
    return topProcessesViaSi(by, limit);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
