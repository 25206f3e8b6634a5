import type { AlertEntry, SignalState } from '../../shared/alerts';
import type { MethodInput } from '../../shared/contract';

export type AlertScope = 'all' | 'host' | 'signals';

/** What the Alerts page filters the log by; empty `to` means every state. */
export interface AlertFilter {
  hostId: string | null;
  q: string;
  to: readonly SignalState[];
  scope: AlertScope;
}

export const EMPTY_FILTER: AlertFilter = { hostId: null, q: '', to: [], scope: 'all' };

/** How many rows one page of the log holds. */
export const PAGE_SIZE = 100;

/** The `alerts:list` input for a filter, leaving out what does not narrow the log. */
export function listInput(filter: AlertFilter, beforeId?: number): MethodInput<'alerts:list'> {
  const q = filter.q.trim();
  return {
    scope: filter.scope,
    limit: PAGE_SIZE,
    ...(filter.hostId !== null && { hostId: filter.hostId }),
    ...(q !== '' && { q }),
    ...(filter.to.length > 0 && { to: [...filter.to] }),
    ...(beforeId !== undefined && { beforeId }),
  };
}

/**
 * Whether a row pushed live belongs in the filtered log. Mirrors the engine's `alerts:list`:
 * every word of `q` must appear, case-insensitively, in the host's name or id, the signal or
 * the reason.
 */
export function matchesFilter(entry: AlertEntry, filter: AlertFilter, hostName: string): boolean {
  if (filter.hostId !== null && entry.hostId !== filter.hostId) return false;
  if (filter.to.length > 0 && !filter.to.includes(entry.to)) return false;
  if (filter.scope === 'host' && entry.kind !== 'host') return false;
  if (filter.scope === 'signals' && entry.kind === 'host') return false;
  const words = filter.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [hostName, entry.hostId, entry.signal, entry.reason].join('\n').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/**
 * Rows from two sources (a page of the log, events pushed meanwhile) as one list, newest
 * first. Ids only grow, so they order the log even when two changes share a timestamp.
 */
export function mergeNewest(a: readonly AlertEntry[], b: readonly AlertEntry[]): AlertEntry[] {
  if (b.length === 0) return a.slice();
  const byId = new Map<number, AlertEntry>();
  for (const e of a) byId.set(e.id, e);
  for (const e of b) byId.set(e.id, e);
  return [...byId.values()].sort((x, y) => y.id - x.id);
}
