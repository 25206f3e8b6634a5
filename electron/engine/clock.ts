import { clearLongTimeout, setLongTimeout, type LongTimer } from './longTimeout';

/** Time as the engine sees it; tests pass a fake one to drive staleness and schedules. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // Unref'd: the engine's timers alone must not keep a CLI process alive. Long waits are
  // chained (longTimeout.ts), so a huge interval can never become a 1 ms loop.
  setTimeout: (fn, ms) => setLongTimeout(fn, ms),
  clearTimeout: (h) => clearLongTimeout(h as LongTimer | null),
};

/**
 * Where the engine reports what happened. `extra` holds structured fields; an Error under
 * `err` is written with its stack. The Greenboard log itself is `createFileLogger` (log/).
 */
export interface Logger {
  /** The file this logger writes, when it writes one: named in messages that point to the log. */
  readonly file?: string;
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
