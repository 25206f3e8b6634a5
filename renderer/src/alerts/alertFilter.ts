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
  const ofHost = entry.hostId === filter.hostId || entry.hostId.startsWith(`${filter.hostId}/`);
  if (filter.hostId !== null && (probe || !ofHost)) return false;
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
  const own = hostNames[entry.hostId];
  if (own !== undefined) return { kind: 'host', id: entry.hostId, name: own };
  // A database's or cache's row is logged under "db-1/postgres": it reads "db-1 postgres" and
  // links to its host's page, where the service is a section.
  const slash = entry.hostId.indexOf('/');
  if (slash > 0) {
    const hostId = entry.hostId.slice(0, slash);
    const name = `${hostNames[hostId] ?? hostId} ${entry.hostId.slice(slash + 1)}`;
    return { kind: 'host', id: hostId, name };
  }
  return { kind: 'host', id: entry.hostId, name: entry.hostId };
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
