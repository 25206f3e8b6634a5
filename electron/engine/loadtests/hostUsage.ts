import type { HostUsagePoint } from '../../../shared/loadTests';
import { memUsedPct } from '../../../shared/metrics';
import type { Sample } from '../../../shared/schemas';
import type { EngineContext } from '../core/context';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'clock' | 'hosts' | 'log' | 'on'>;

/** One point a second: the resolution the run's own timeline has. */
export const HOST_USAGE_EVERY_MS = 1000;
// Samples a little under a second apart still count as "the next second": poll timers drift.
const MIN_GAP_MS = HOST_USAGE_EVERY_MS - 100;

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** A sample's CPU busy % and memory used %, as one usage point. */
export function usageOf(sample: Sample): HostUsagePoint {
  return {
    ts: sample.ts,
    cpuPct: sample.cpu.busyPct === null ? null : round1(sample.cpu.busyPct),
    memPct: sample.mem.totalBytes > 0 ? round1(memUsedPct(sample)) : null,
  };
}

/**
 * Records a fleet host's CPU and memory once a second while a load test runs, so a run shows
 * what the load did to the server. The points are the engine's own samples of the host: a
 * host is polled every few seconds on its schedule, so the recorder also polls it once a
 * second (never two polls at once: an SSH poll can take longer than a second).
 */
export class HostUsageRecorder {
  private readonly points: HostUsagePoint[] = [];
  private unsubscribe: (() => void) | null = null;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private failuresLogged = 0;
  private stopped = false;

  constructor(
    private readonly engine: Deps,
    readonly hostId: string,
  ) {}

  /** Starts listening and polling; the first poll is now. */
  start(): void {
    this.unsubscribe = this.engine.on('metrics:sample', (s) => {
      if (s.hostId === this.hostId) this.add(usageOf(s));
    });
    this.tick();
  }

  /** The host's most recent point, or null before the first. */
  latest(): HostUsagePoint | null {
    return this.points[this.points.length - 1] ?? null;
  }

  /**
   * Stops polling and returns the points recorded. A poll in flight gets up to a second to
   * land its point; a slow SSH poll is not waited for (it would hold up the run's end, and
   * engine.stop() with it).
   */
  async stop(): Promise<HostUsagePoint[]> {
    this.stopped = true;
    this.engine.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight) {
      let timer: unknown = null;
      const waited = new Promise<void>((resolve) => {
        timer = this.engine.clock.setTimeout(resolve, HOST_USAGE_EVERY_MS);
      });
      await Promise.race([this.inFlight, waited]);
      this.engine.clock.clearTimeout(timer);
    }
    this.unsubscribe?.();
    this.unsubscribe = null;
    return [...this.points];
  }

  // A host on a 1 s schedule (the local one, often) needs no extra poll, and each extra poll
  // is one more row of history.
  private sampledRecently(): boolean {
    const last = this.engine.hosts.list().find((s) => s.host.id === this.hostId)?.latest?.ts ?? null;
    return last !== null && this.engine.clock.now() - last < MIN_GAP_MS;
  }

  private add(p: HostUsagePoint): void {
    const last = this.latest();
    if (last && p.ts - last.ts < MIN_GAP_MS) return;
    this.points.push(p);
  }

  private tick(): void {
    if (!this.inFlight && !this.sampledRecently()) {
      this.inFlight = this.engine.hosts
        .pollNow(this.hostId)
        .catch((err: unknown) => {
          // A missed point is a gap in the chart, not a reason to stop the load test; say so
          // once in the log rather than once a second.
          if (this.failuresLogged++ === 0) {
            this.engine.log.warn(
              `load test: could not poll ${this.hostId} for CPU and memory: ${(err as Error).message}`,
            );
          }
        })
        .finally(() => {
          this.inFlight = null;
        });
    }
    if (!this.stopped) this.timer = this.engine.clock.setTimeout(() => this.tick(), HOST_USAGE_EVERY_MS);
  }
}
