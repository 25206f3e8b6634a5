import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock';
import { clearLongTimeout, MAX_TIMER_MS, setLongTimeout } from './longTimeout';
import { Scheduler } from './scheduler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => {
  vi.useRealTimers();
});

describe('the engine clock with waits beyond 2^31-1 ms', () => {
  it('does not fire a 3,000,000,000 ms timer early (Node alone would after 1 ms)', async () => {
    let fired = 0;
    const h = systemClock.setTimeout(() => fired++, 3_000_000_000);
    await sleep(100);
    systemClock.clearTimeout(h);
    expect(fired).toBe(0);
  });

  it('a scheduled job with a huge interval runs once, not in a loop', async () => {
    const scheduler = new Scheduler(systemClock);
    let runs = 0;
    scheduler.add({ id: 'huge', intervalMs: 3_000_000_000, run: () => Promise.resolve(void runs++) });
    await sleep(300);
    scheduler.stop();
    expect(runs).toBe(1);
  });

  it('chains the wait in steps and fires once the whole of it has passed', () => {
    vi.useFakeTimers();
    let fired = 0;
    setLongTimeout(() => fired++, MAX_TIMER_MS * 2 + 5);
    vi.advanceTimersByTime(MAX_TIMER_MS * 2);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(5);
    expect(fired).toBe(1);
  });

  it('can be cleared while it waits between steps', () => {
    vi.useFakeTimers();
    let fired = 0;
    const h = setLongTimeout(() => fired++, MAX_TIMER_MS + 10);
    vi.advanceTimersByTime(MAX_TIMER_MS + 1);
    clearLongTimeout(h);
    vi.advanceTimersByTime(100);
    expect(fired).toBe(0);
  });

  it('never fires a wait that is not a number, and fires a negative one at once', () => {
    vi.useFakeTimers();
    let nan = 0;
    let negative = 0;
    setLongTimeout(() => nan++, Number.NaN);
    setLongTimeout(() => negative++, -5);
    vi.advanceTimersByTime(MAX_TIMER_MS * 3);
    expect(nan).toBe(0);
    expect(negative).toBe(1);
  });
});
