import type { AlertEntry } from '../../../shared/alerts';
import { formatSpan } from './alertFormat';

/** One signal's state changes out of a host's log (newest first, as the log is). */
export function changesOf(entries: readonly AlertEntry[], signal: string): AlertEntry[] {
  return entries.filter((e) => e.signal === signal);
}

/** "for 12 min": how long a signal has been in its state; clock skew never makes it negative. */
export function sinceText(since: number, now: number): string {
  return `for ${formatSpan(Math.max(0, now - since))}`;
}
