/**
 * Node runs a timer longer than 2^31-1 ms (about 24.8 days) after 1 ms, with only a warning
 * (https://nodejs.org/api/timers.html#settimeoutcallback-delay-args): a stored interval that
 * big would turn a schedule into a busy loop. Every engine timer goes through here, so a long
 * wait is chained in steps the platform can hold and never fires early.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timer that may be re-armed while it waits; clear it with {@link clearLongTimeout}. */
export interface LongTimer {
  current: NodeJS.Timeout | null;
}

/**
 * Calls `fn` once `ms` have passed, however long that is. A negative wait runs at once; one that
 * is not a number never runs, since running it at once is what loops.
 */
export function setLongTimeout(fn: () => void, ms: number, unref = true): LongTimer {
  const handle: LongTimer = { current: null };
  const arm = (left: number): void => {
    const step = Math.min(Math.max(0, left), MAX_TIMER_MS);
    handle.current = setTimeout(() => {
      if (left > MAX_TIMER_MS) arm(left - MAX_TIMER_MS);
      else fn();
    }, step);
    if (unref) handle.current.unref();
  };
  arm(Number.isNaN(ms) ? Infinity : ms);
  return handle;
}

export function clearLongTimeout(handle: LongTimer | null | undefined): void {
  if (handle?.current) clearTimeout(handle.current);
}
