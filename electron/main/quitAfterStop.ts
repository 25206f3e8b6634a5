/** How long quitting waits for the engine to flush and close before the app exits anyway. */
export const STOP_TIMEOUT_MS = 5000;

export type StopOutcome = { ok: true } | { ok: false; reason: 'timeout' | 'failed'; message: string };

/**
 * Runs `stop` and settles when it does, or after `ms`, whichever comes first; never rejects.
 * A stop that hangs (a stuck SSH socket, a slow disk) must not keep the app from quitting.
 */
export async function stopWithin(stop: () => Promise<void>, ms: number): Promise<StopOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<StopOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          reason: 'timeout',
          message: `The engine did not stop within ${ms} ms; quitting anyway. The last moments of history may be missing.`,
        }),
      ms,
    );
  });
  let stopping: Promise<void>;
  try {
    stopping = stop();
  } catch (err) {
    stopping = Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  const stopped = stopping.then(
    (): StopOutcome => ({ ok: true }),
    (err: unknown): StopOutcome => ({
      ok: false,
      reason: 'failed',
      message: `The engine failed to stop cleanly: ${err instanceof Error ? err.message : String(err)}`,
    }),
  );
  try {
    return await Promise.race([stopped, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export interface QuitAfterStopOptions {
  /** Stops everything that holds files open: the engine, and any review engines. */
  stop: () => Promise<void>;
  timeoutMs: number;
  /** Quits for real once stopping is over; the handler lets that second quit through. */
  quit: () => void;
  /** Told when stopping timed out or failed. */
  warn: (message: string) => void;
}

/**
 * A `before-quit` listener that holds the first quit until `stop` has settled (or timed out),
 * then quits again, which it lets through. Quits asked for while stopping are held too, so
 * `stop` runs once. Electron fires `before-quit` for every quit (menu, Cmd+Q, last window
 * closed), which is where `stop()` ordering its flush and close must be awaited.
 * https://www.electronjs.org/docs/latest/api/app#event-before-quit
 */
export function quitAfterStop(opts: QuitAfterStopOptions): (event: { preventDefault(): void }) => void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  return (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    void stopWithin(opts.stop, opts.timeoutMs).then((outcome) => {
      if (!outcome.ok) opts.warn(outcome.message);
      state = 'stopped';
      opts.quit();
    });
  };
}
