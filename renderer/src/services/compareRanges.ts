import type { TimeWindow } from '../charts/chartRange';

/** What the top queries are compared against: nothing, the same length just before, or a day earlier. */
export type CompareMode = 'none' | 'before' | 'day';

export const COMPARE_MODES: readonly { id: CompareMode; label: string }[] = [
  { id: 'none', label: 'This range only' },
  { id: 'before', label: 'vs the same length before' },
  { id: 'day', label: 'vs 24 h earlier' },
];

/** A window as `services:topQueries` takes it: whole milliseconds. */
export function apiRange(w: TimeWindow): { fromTs: number; toTs: number } {
  return { fromTs: Math.max(0, Math.floor(w.from)), toTs: Math.max(0, Math.ceil(w.to)) };
}

/** The "before" window for a mode, or null for none. Never starts before the epoch. */
export function compareWindow(span: TimeWindow, mode: CompareMode): TimeWindow | null {
  const len = span.to - span.from;
  if (mode === 'before') return { from: Math.max(0, span.from - len), to: span.from };
  if (mode === 'day')
    return { from: Math.max(0, span.from - 86_400_000), to: Math.max(0, span.to - 86_400_000) };
  return null;
}
