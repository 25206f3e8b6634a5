import { readdirSync, readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import type { DiskUsage, ProcessInfo, Sample } from '../../../shared/schemas';
import { parseMounts, type MountEntry } from '../procfs/parse';
import { earlyBaseline, readProcTexts, type EarlyReading } from '../procfs/readProc';
import { deriveSample, diskUsage, inodeUsePct, parseSnapshot, type ProcSnapshot } from '../procfs/snapshot';
import { topProcessesViaSi } from './processes';
import type { Collector } from './types';
import { LOCAL_LINK } from '../fixedLinks';

/** How often the mount table is re-read; mounts change rarely, and parsing it every poll is waste. */
const MOUNTS_TTL_MS = 60_000;

/**
 * The local Linux collector. The hot path reads /proc directly and calls statfs(2) per mount:
 * no child processes and no execSync, unlike systeminformation's Linux stats calls. The /proc
 * reads are synchronous on purpose: procfs files are generated in memory and return in
 * microseconds, while the promise API would cost three thread-pool round trips per file.
 * statfs goes through the thread pool, because a hung network mount must not freeze the loop.
 */
export class LinuxLocalCollector implements Collector {
  /** This machine is always reachable. */
  readonly link = LOCAL_LINK;
  private prev: ProcSnapshot | null = null;
  private mounts: MountEntry[] = [];
  private mountsReadAt = -Infinity;
  /** A reading taken before the engine loaded (see readEarly): the first prime's baseline. */
  private early: EarlyReading | null;

  constructor(
    private readonly hostId: string,
    private readonly now: () => number,
    private readonly procRoot = '/proc',
    early: EarlyReading | null = null,
  ) {
    this.early = early;
  }

  // async so that a parse error of /proc becomes a rejection, like a failed poll.
  // eslint-disable-next-line @typescript-eslint/require-await
  async prime(): Promise<void> {
    const early = this.early;
    this.early = null;
    this.prev = early ? earlyBaseline(early, process.cpuUsage()) : this.snapshot(this.now());
  }

  async collect(): Promise<Sample> {
    const started = performance.now();
    const at = this.now();
    const snap = this.snapshot(at);
    const processCount = this.countProcesses();
    const disks = await this.diskUsage(at);
    const sample = deriveSample(this.hostId, this.prev, snap, {
      disks,
      processCount,
      pollMs: performance.now() - started,
    });
    this.prev = snap;
    return sample;
  }

  private snapshot(at: number): ProcSnapshot {
    return parseSnapshot(readProcTexts(this.procRoot), at);
  }

  private countProcesses(): number {
    let n = 0;
    for (const name of readdirSync(this.procRoot)) {
      const c = name.charCodeAt(0);
      if (c >= 48 && c <= 57) n++;
    }
    return n;
  }

  private async diskUsage(at: number): Promise<DiskUsage[]> {
    if (at - this.mountsReadAt > MOUNTS_TTL_MS) {
      this.mounts = parseMounts(readFileSync(`${this.procRoot}/self/mounts`, 'latin1'));
      this.mountsReadAt = at;
    }
    const results = await Promise.allSettled(this.mounts.map((m) => statfs(m.mount)));
    const out: DiskUsage[] = [];
    results.forEach((r, i) => {
      const m = this.mounts[i];
      if (r.status !== 'fulfilled' || !m || r.value.blocks === 0) return;
      const { bsize, blocks, bfree, bavail, files, ffree } = r.value;
      const inodes = inodeUsePct(files - ffree, ffree);
      out.push(diskUsage(m.mount, m.fs, blocks * bsize, bfree * bsize, bavail * bsize, inodes));
    });
    return out;
  }

  topProcesses(by: 'cpu' | 'memory', limit: number): Promise<ProcessInfo[]> {
    return topProcessesViaSi(by, limit);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
