import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../clock';

/**
 * Runs WAL checkpoints on a worker thread with its own connection. SQLite's automatic
 * checkpoint runs inside whichever commit crosses the threshold and flushes to disk on the
 * main thread: measured here at 10–30 ms every ~35 polls, far over the 5 ms budget for the
 * event loop. A PASSIVE checkpoint from another connection never blocks the writer.
 * https://www.sqlite.org/wal.html#automatic_checkpoint
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 2000');
parentPort.on('message', (msg) => {
  if (msg === 'close') { db.close(); parentPort.close(); return; }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String(err && err.message || err) });
  }
});
`;

export interface CheckpointResult {
  ok: boolean;
  /** WAL frames in the log, and how many of them are now in the database file. */
  log?: number;
  checkpointed?: number;
  error?: string;
}

export class WalCheckpointer {
  /** Started by the first checkpoint: a CLI command that ends sooner never pays for the thread (~40 ms). */
  private worker: Worker | null = null;
  private pending: ((r: CheckpointResult) => void)[] = [];
  private timer: unknown = null;
  private clock: Clock | null = null;

  constructor(private readonly dbPath: string) {}

  private started(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: this.dbPath, driver } });
    worker.unref();
    worker.on('message', (r: CheckpointResult) => this.pending.shift()?.(r));
    worker.on('error', (err) => {
      for (const p of this.pending.splice(0)) p({ ok: false, error: err.message });
    });
    return (this.worker = worker);
  }

  /** Asks the worker for one checkpoint; resolves when it is done (or failed). */
  checkpoint(): Promise<CheckpointResult> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.started().postMessage('checkpoint');
    });
  }

  /** Checkpoints every `everyMs` until closed, reporting failures (the next one tries again). */
  startEvery(clock: Clock, everyMs: number, onFailure: (error: string) => void): void {
    this.clock = clock;
    const run = (): void => {
      void this.checkpoint().then((r) => {
        if (!r.ok) onFailure(r.error ?? 'unknown error');
        if (this.clock) this.timer = clock.setTimeout(run, everyMs);
      });
    };
    this.timer = clock.setTimeout(run, everyMs);
  }

  async close(): Promise<void> {
    this.clock?.clearTimeout(this.timer);
    this.clock = null;
    const worker = this.worker;
    if (!worker) return;
    // Held while closing: otherwise a CLI's event loop could empty out before the worker exits.
    worker.ref();
    worker.postMessage('close');
    await new Promise((r) => {
      worker.once('exit', r);
      setTimeout(() => void worker.terminate().then(r), 2000).unref();
    });
  }
}
