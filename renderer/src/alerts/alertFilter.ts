import type { AlertEntry, SignalState } from '../../../shared/alerts';
import type { MethodInput } from '../../../shared/contract';

export type AlertScope = 'all' | 'host' | 'probes' | 'signals';

/** What the Alerts page filters the log by; empty `to` means every state. At most one of hostId and probeId is set. */
export interface AlertFilter {
  hostId: string | null;
  probeId: string | null;
  q: string;
  to: readonly SignalState[];
  scope: AlertScope;
}

export const EMPTY_FILTER: AlertFilter = { hostId: null, probeId: null, q: '', to: [], scope: 'all' };

/** How many rows one page of the log holds. */
export const PAGE_SIZE = 100;

/** The `alerts:list` input for a filter, leaving out what does not narrow the log. */
export function listInput(filter: AlertFilter, beforeId?: number): MethodInput<'alerts:list'> {
  const q = filter.q.trim();
  return {
    scope: filter.scope,
    limit: PAGE_SIZE,
    ...(filter.hostId !== null && { hostId: filter.hostId }),
    ...(filter.probeId !== null && { probeId: filter.probeId }),
    ...(q !== '' && { q }),
    ...(filter.to.length > 0 && { to: [...filter.to] }),
    ...(beforeId !== undefined && { beforeId }),
  };
}

/**
 * Whether a row pushed live belongs in the filtered log. Mirrors the engine's `alerts:list`:
 * every word of `q` must appear, case-insensitively, in the host's or probe's name or id
 * (`name`), the signal or the reason.
 */
export function matchesFilter(entry: AlertEntry, filter: AlertFilter, name: string): boolean {
  const probe = entry.probeId !== null;
  if (filter.hostId !== null && (probe || entry.hostId !== filter.hostId)) return false;
  if (filter.probeId !== null && entry.probeId !== filter.probeId) return false;
  if (filter.to.length > 0 && !filter.to.includes(entry.to)) return false;
  if (filter.scope === 'host' && (probe || entry.kind !== 'host')) return false;
  if (filter.scope === 'probes' && !probe) return false;
  if (filter.scope === 'signals' && (probe || entry.kind === 'host')) return false;
  const words = filter.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const id = entry.probeId ?? entry.hostId;
  const haystack = [name, id, entry.signal, entry.reason].join('\n').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** The page a row links to, and who it is about in words: the host's or the probe's. */
export function subjectOf(
  entry: Pick<AlertEntry, 'hostId' | 'probeId'>,
  hostNames: Record<string, string>,
  probeNames: Record<string, string>,
): { kind: 'host' | 'probe'; id: string; name: string } {
  if (entry.probeId !== null)
    return { kind: 'probe', id: entry.probeId, name: probeNames[entry.probeId] ?? entry.probeId };
  return { kind: 'host', id: entry.hostId, name: hostNames[entry.hostId] ?? entry.hostId };
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
