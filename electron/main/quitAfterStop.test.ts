import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../engine/clock';
import { assembleEngine } from '../engine/createEngine';
import { quitAfterStop, stopWithin } from './quitAfterStop';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-quit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in for Electron's `app` (Electron cannot run here): quit() fires `before-quit`, and
 * the process "exits" unless a listener called preventDefault(), as Electron does.
 * https://www.electronjs.org/docs/latest/api/app#event-before-quit
 */
class QuittingApp extends EventEmitter {
  exits = 0;
  readonly exited: Promise<void>;
  private onExit!: () => void;
  constructor(private readonly atExit: () => void) {
    super();
    this.exited = new Promise((resolve) => (this.onExit = resolve));
  }
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.exits++;
    this.atExit();
    this.onExit();
  }
}

const never = (): Promise<void> => new Promise(() => {});

describe('stopWithin', () => {
  it('settles when stop does', async () => {
    expect(await stopWithin(() => Promise.resolve(), 1000)).toEqual({ ok: true });
  });

  it('gives up after the timeout on a stop that hangs', async () => {
    const started = Date.now();
    const outcome = await stopWithin(never, 50);
    expect(outcome).toMatchObject({ ok: false, reason: 'timeout' });
    expect(outcome.ok ? '' : outcome.message).toMatch(/did not stop within 50 ms; quitting anyway/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('turns a stop that throws or rejects into a message, never a rejection', async () => {
    expect(await stopWithin(() => Promise.reject(new Error('disk I/O error')), 1000)).toEqual({
      ok: false,
      reason: 'failed',
      message: 'The engine failed to stop cleanly: disk I/O error',
    });
    const throwsAtOnce = (): Promise<void> => {
      throw new Error('boom');
    };
    expect(await stopWithin(throwsAtOnce, 1000)).toMatchObject({ ok: false, reason: 'failed' });
  });
});

describe('quitAfterStop', () => {
  it('exits only after the engine has stopped and closed its database', async () => {
    const engine = assembleEngine({ dataDir: join(dir, 'data'), mode: 'desktop', logger: silentLogger });
    engine.start();
    let dbOpenAtExit: boolean | null = null;
    const app = new QuittingApp(() => (dbOpenAtExit = engine.store.db.open));
    const warnings: string[] = [];
    app.on(
      'before-quit',
      quitAfterStop({
        stop: () => engine.stop(),
        timeoutMs: 5000,
        quit: () => app.quit(),
        warn: (m) => warnings.push(m),
      }),
    );

    app.quit();
    expect(app.exits).toBe(0); // held while the engine stops
    await app.exited;
    expect(dbOpenAtExit).toBe(false);
    expect(app.exits).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('stops once however many quits arrive while stopping, then lets the quit through', async () => {
    let stops = 0;
    let finish!: () => void;
    const app = new QuittingApp(() => {});
    app.on(
      'before-quit',
      quitAfterStop({
        stop: () => {
          stops++;
          return new Promise<void>((resolve) => (finish = resolve));
        },
        timeoutMs: 5000,
        quit: () => app.quit(),
        warn: () => {},
      }),
    );
    app.quit();
    app.quit();
    app.quit();
    expect(stops).toBe(1);
    expect(app.exits).toBe(0);
    finish();
    await app.exited;
    expect(app.exits).toBe(1);
    app.quit(); // a quit after stopping is not held again
    expect(app.exits).toBe(2);
    expect(stops).toBe(1);
  });

  it('exits after the timeout, with a warning, when stopping hangs', async () => {
    const warnings: string[] = [];
    const app = new QuittingApp(() => {});
    app.on(
      'before-quit',
      quitAfterStop({ stop: never, timeoutMs: 50, quit: () => app.quit(), warn: (m) => warnings.push(m) }),
    );
    app.quit();
    await app.exited;
    expect(app.exits).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/did not stop within 50 ms/)]);
  });
});
