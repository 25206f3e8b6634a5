import type { Sample } from '../shared/schemas';
import type { Clock } from '../electron/engine/clock';
import type { Collector } from '../electron/engine/collectors/types';
import { LOCAL_LINK } from '../electron/engine/fixedLinks';

const GiB = 2 ** 30;

/** mulberry32: a small seeded PRNG, so every run simulates the same fleet. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

/** How one simulated host behaves; drawn once per host from its seed. */
interface Profile {
  cores: number;
  memTotal: number;
  cpuBase: number;
  memBase: number;
  /** Bursts of CPU that cross the amber and red levels now and then. */
  bursty: boolean;
  /** Memory that hovers around the 90% / 95% levels. */
  memTight: boolean;
  diskPct: number;
  /** Stops answering for a while now and then, long enough to turn grey. */
  flaky: boolean;
  swapTotal: number;
  roundTripMs: number;
}

function profileFor(rnd: () => number): Profile {
  const bursty = rnd() < 0.08;
  const memTight = rnd() < 0.04;
  return {
    cores: pick(rnd, [2, 4, 4, 8, 8, 16, 32]),
    memTotal: pick(rnd, [4, 8, 16, 16, 32, 64, 128]) * GiB,
    cpuBase: 4 + rnd() * 45,
    memBase: memTight ? 88 + rnd() * 5 : 25 + rnd() * 55,
    bursty,
    memTight,
    diskPct: rnd() < 0.03 ? 84 + rnd() * 12 : 15 + rnd() * 60,
    flaky: rnd() < 0.01,
    swapTotal: rnd() < 0.5 ? 0 : pick(rnd, [1, 2, 4]) * GiB,
    roundTripMs: 2 + rnd() * 40,
  };
}

/**
 * A stand-in for a server polled over SSH, for the UI benchmark: values wander like a real
 * host's (mean-reverting noise around a per-host level), some hosts burst past the CPU levels,
 * hover at the memory levels or fill a disk, and a few stop answering for a while. Each poll
 * takes a simulated round trip, so a sweep's samples arrive spread out as they would over SSH.
 * Named as simulated: the real collectors are measured by the other bench sections.
 */
export class SimulatedCollector implements Collector {
  readonly link = LOCAL_LINK;
  private readonly rnd: () => number;
  private readonly p: Profile;
  private cpu: number;
  private mem: number;
  private disk: number;
  private load5: number;
  private burstUntil = 0;
  private burstLevel = 0;
  private silentUntil = 0;
  private readonly bootTs: number;

  constructor(
    private readonly hostId: string,
    seed: number,
    private readonly clock: Clock,
  ) {
    this.rnd = prng(seed);
    this.p = profileFor(this.rnd);
    this.cpu = this.p.cpuBase;
    this.mem = this.p.memBase;
    this.disk = this.p.diskPct;
    this.load5 = (this.cpu / 100) * this.p.cores;
    this.bootTs = clock.now() - (3600 + this.rnd() * 90 * 86400) * 1000;
  }

  prime(): Promise<void> {
    return Promise.resolve();
  }

  async collect(): Promise<Sample> {
    const now = this.clock.now();
    const rtt = this.p.roundTripMs * (0.7 + this.rnd() * 0.6);
    await new Promise((r) => setTimeout(r, rtt));
    if (this.p.flaky && now >= this.silentUntil && this.rnd() < 0.01)
      this.silentUntil = now + 8000 + this.rnd() * 20000;
    // A silent host answers too late to be fresh: the engine turns it grey after 3 intervals.
    if (now < this.silentUntil) throw new Error('simulated host not answering');
    return this.step(now, rtt);
  }

  private step(now: number, rtt: number): Sample {
    const { p, rnd } = this;
    // Runaway work: minutes long, so it outlasts the rules' `for` (2 min for CPU) and trips them.
    if (p.bursty && now >= this.burstUntil && rnd() < 0.004) {
      this.burstUntil = now + 150_000 + rnd() * 150_000;
      this.burstLevel = 88 + rnd() * 12;
    }
    const bursting = now < this.burstUntil;
    const cpuTarget = bursting ? this.burstLevel : p.cpuBase;
    this.cpu = clamp(this.cpu + (cpuTarget - this.cpu) * 0.2 + (rnd() - 0.5) * (bursting ? 4 : 8), 0.5, 100);
    this.mem = clamp(
      this.mem + (p.memBase - this.mem) * 0.05 + (rnd() - 0.5) * (p.memTight ? 2 : 1.2),
      5,
      99.5,
    );
    this.disk = clamp(this.disk + rnd() * 0.002, 1, 99.9);
    this.load5 += ((this.cpu / 100) * p.cores * 1.1 - this.load5) * 0.03;
    const iowait = clamp(rnd() * rnd() * 6, 0, 100);
    const memUsed = (this.mem / 100) * p.memTotal;
    const diskTotal = 200 * GiB;
    const burst = bursting ? 20 : 1;
    return {
      hostId: this.hostId,
      ts: now,
      pollMs: Math.round(rtt * 10) / 10,
      cpu: { cores: p.cores, busyPct: this.cpu, iowaitPct: iowait, stealPct: rnd() * 0.5 },
      load: [this.load5 * (0.8 + rnd() * 0.4), this.load5, this.load5 * 0.95],
      mem: { totalBytes: p.memTotal, usedBytes: memUsed, availableBytes: p.memTotal - memUsed },
      swap: { totalBytes: p.swapTotal, usedBytes: p.swapTotal * 0.05 * rnd() },
      disks: [
        {
          mount: '/',
          fs: 'ext4',
          totalBytes: diskTotal,
          usedBytes: (this.disk / 100) * diskTotal,
          usedPct: this.disk,
        },
        { mount: '/boot', fs: 'vfat', totalBytes: GiB / 2, usedBytes: GiB / 8, usedPct: 25 },
      ],
      diskIo: { readBps: rnd() * 2e6 * burst, writeBps: rnd() * 4e6 * burst },
      net: [{ iface: 'eth0', rxBps: rnd() * 5e6 * burst, txBps: rnd() * 2e6 * burst }],
      uptimeSec: Math.floor((now - this.bootTs) / 1000),
      processCount: Math.round(120 + p.cores * 8 + rnd() * 20),
      connectMs: 1 + rnd() * 3,
    };
  }

  topProcesses(): Promise<never[]> {
    return Promise.resolve([]);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
