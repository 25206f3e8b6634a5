/** Time as the engine sees it; tests pass a fake one to drive staleness and schedules. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // The engine's timers alone must not keep a CLI process alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface Logger {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  info: (m, e) => console.error(`[greenboard] ${m}`, e ?? ''),
  warn: (m, e) => console.error(`[greenboard] warn: ${m}`, e ?? ''),
  error: (m, e) => console.error(`[greenboard] error: ${m}`, e ?? ''),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
