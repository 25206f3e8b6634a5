import { useSyncExternalStore } from 'react';

let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const getNow = (): number => now;

/**
 * The current time, to the second, from one shared timer: every "5s ago" on the board ticks in
 * the same render, rather than each card waking up on its own timer.
 */
export function useSecondClock(): number {
  return useSyncExternalStore(subscribe, getNow);
}
