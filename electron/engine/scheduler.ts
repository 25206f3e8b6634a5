import type { Clock } from './clock';

export interface Job {
  id: string;
  intervalMs: number;
  run(): Promise<void>;
}

/**
 * Runs each job every `intervalMs`, measured from the start of its previous run. A run that
 * overruns its interval is never overlapped by the next one, and one slow job never delays
 * another: each has its own timer.
 */
export class Scheduler {
  private readonly jobs = new Map<string, { job: Job; timer: unknown; running: boolean; stopped: boolean }>();

  constructor(private readonly clock: Clock) {}

  add(job: Job, initialDelayMs = 0): void {
    this.remove(job.id);
    const entry = { job, timer: null as unknown, running: false, stopped: false };
    this.jobs.set(job.id, entry);
    const tick = (): void => {
      if (entry.stopped) return;
      const started = this.clock.now();
      entry.running = true;
      void entry.job
        .run()
        .catch(() => {
          // Jobs report their own failures; the schedule goes on regardless.
        })
        .finally(() => {
          entry.running = false;
          if (entry.stopped) return;
          const wait = Math.max(0, started + entry.job.intervalMs - this.clock.now());
          entry.timer = this.clock.setTimeout(tick, wait);
        });
    };
    entry.timer = this.clock.setTimeout(tick, initialDelayMs);
  }

  /** Changes a job's interval from its next run on. */
  setInterval(id: string, intervalMs: number): void {
    const e = this.jobs.get(id);
    if (e) e.job.intervalMs = intervalMs;
  }

  remove(id: string): void {
    const e = this.jobs.get(id);
    if (!e) return;
    e.stopped = true;
    this.clock.clearTimeout(e.timer);
    this.jobs.delete(id);
  }

  stop(): void {
    for (const id of [...this.jobs.keys()]) this.remove(id);
  }
}
