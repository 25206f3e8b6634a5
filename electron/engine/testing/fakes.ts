import type { Sample } from '../../../shared/schemas';
import type { Clock } from '../clock';
import type { Collector } from '../collectors/types';
import { LOCAL_LINK } from '../fixedLinks';

/** A manual clock: time moves only when a test calls `advance`, which fires due timers in order. */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 0, 1, 14, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, running each timer at its due time and letting promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
}

import { makeSample } from '../../../shared/sampleFixture';

export { makeSample };

/**
 * A collector a test controls: returns `next` (or throws `fail`) at the injected clock's time.
 * Named as a fake: the real collectors are exercised by their own tests and the e2e specs.
 */
export class ScriptedCollector implements Collector {
  readonly link = LOCAL_LINK;
  next: Partial<Sample> = {};
  fail: Error | null = null;
  calls = 0;

  constructor(
    private readonly hostId: string,
    private readonly clock: Clock,
  ) {}

  primed = false;

  prime(): Promise<void> {
    this.primed = true;
    return Promise.resolve();
  }

  collect(): Promise<Sample> {
    this.calls++;
    if (this.fail) return Promise.reject(this.fail);
    return Promise.resolve(makeSample(this.hostId, this.clock.now(), this.next));
  }

  topProcesses(): Promise<never[]> {
    return Promise.resolve([]);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
