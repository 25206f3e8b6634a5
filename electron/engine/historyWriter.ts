import type { Retention, Sample } from '../../shared/schemas';
import type { Clock, Logger } from './clock';
import type { Store } from './store/store';

/** Polls finishing within this window share one transaction (a sweep's replies trickle in). */
export const WRITE_BATCH_MS = 100;
/** Retention runs this often, in steps small enough not to hold up a poll. */
export const PRUNE_EVERY_MS = 10 * 60_000;
const PRUNE_FIRST_AFTER_MS = 60_000;
export const PRUNE_ROWS_PER_STEP = 200;

/**
 * Writes polls to the store a sweep at a time, and applies retention in small steps between
 * polls. A write failure (disk full, file locked) is logged and never stops the board.
 */
export class HistoryWriter {
  private pending: Sample[] = [];
  private batchTimer: ReturnType<typeof setTimeout> | null = null;
  private pruneTimer: unknown = null;
  private stopped = false;
  /** Rows deleted by the last full retention pass (for tests and logs). */
  lastPruned = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly retention: () => Retention,
  ) {}

  /** Queues a poll; it is committed with the rest of its sweep within WRITE_BATCH_MS. */
  add(sample: Sample): void {
    this.pending.push(sample);
    // A real timer, not the engine clock: batching is about wall time even under a fake clock.
    this.batchTimer ??= setTimeout(() => this.flush(), WRITE_BATCH_MS);
  }

  /** Commits what is queued now, in one transaction. */
  flush(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    const batch = this.pending;
    if (batch.length === 0 || !this.store.db.open) return;
    this.pending = [];
    try {
      this.store.writeSamples(batch);
    } catch (err) {
      this.log.error(`could not save ${batch.length} poll(s): ${(err as Error).message}`);
    }
  }

  startRetention(): void {
    this.pruneTimer = this.clock.setTimeout(() => void this.prunePass(), PRUNE_FIRST_AFTER_MS);
  }

  /** One full retention pass: small transactions with a turn of the event loop between them. */
  async prunePass(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        if (this.stopped || !this.store.db.open) break;
        const n = this.store.pruneStep(this.clock.now(), this.retention(), PRUNE_ROWS_PER_STEP);
        total += n;
        if (n === 0) break;
        await new Promise((r) => setImmediate(r));
      }
    } catch (err) {
      this.log.warn(`history retention failed: ${(err as Error).message}`);
    }
    this.lastPruned = total;
    if (total > 0) this.log.info(`history retention removed ${total} expired rows`);
    if (!this.stopped) this.pruneTimer = this.clock.setTimeout(() => void this.prunePass(), PRUNE_EVERY_MS);
    return total;
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.pruneTimer);
    this.flush();
  }
}
