/**
 * Measurement hooks for the UI benchmark (bench/uiBoard.ts). Inert unless the page's URL says
 * `perf=1`; `perf=naive` also turns off event batching and virtualization, the baseline the
 * benchmark compares against. Nothing here runs, or is kept, in normal use.
 */
const mode = new URLSearchParams(location.search).get('perf');

export const perfEnabled = mode === '1' || mode === 'naive';
/** Apply each engine event on its own and render every card: how the board worked before. */
export const perfNaive = mode === 'naive';

/** What the benchmark reads from the page (as `window.__greenboardPerf`). */
export interface BoardPerfProbe {
  /** Store update to React commit, ms, one per update. */
  commitMs: number[];
  /** Engine events in each of those updates. */
  events: number[];
}

const probe: BoardPerfProbe = { commitMs: [], events: [] };
if (perfEnabled) (window as unknown as { __greenboardPerf: BoardPerfProbe }).__greenboardPerf = probe;

/**
 * Runs a store update and records how long until React has committed it. A store update
 * schedules its (sync-lane) render in a microtask queued during `set()`; the microtask queued
 * here runs after that one, so it sees the render, the DOM changes and layout effects done.
 * Paint is not included: the frame timings cover it.
 */
export function timedUpdate(events: number, update: () => void): void {
  if (!perfEnabled) return update();
  const t0 = performance.now();
  update();
  queueMicrotask(() => {
    probe.commitMs.push(performance.now() - t0);
    probe.events.push(events);
  });
}
