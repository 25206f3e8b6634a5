import type { HealthState } from '../../../shared/schemas';
import { byName, compareWorstFirst, type BoardRow } from './boardOrder';

export interface BoardFilter {
  /** Part of a host's name or of one of its tags; case does not matter. */
  query: string;
  /** Only hosts in this state, or null for every state. */
  state: HealthState | null;
}

export interface BoardSection {
  /** Stable across re-sorts and filters: 'all', 'tag:<tag>' or 'untagged'. */
  key: string;
  /** null for the single ungrouped grid and for "Untagged". */
  tag: string | null;
  title: string;
  ids: string[];
}

export function matchesQuery(row: BoardRow, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return row.name.toLowerCase().includes(q) || row.tags.some((t) => t.toLowerCase().includes(q));
}

/**
 * The board's sections: hosts that pass the filter, worst first; when grouping, one section per
 * tag (alphabetical, a host under each of its tags) with untagged hosts last. No empty sections.
 */
export function boardSections(
  rows: readonly BoardRow[],
  filter: BoardFilter,
  groupByTag: boolean,
): BoardSection[] {
  const shown = rows
    .filter((r) => (filter.state === null || r.state === filter.state) && matchesQuery(r, filter.query))
    .sort(compareWorstFirst);
  if (shown.length === 0) return [];
  if (!groupByTag) return [{ key: 'all', tag: null, title: 'All hosts', ids: shown.map((r) => r.id) }];

  const byTag = new Map<string, string[]>();
  const untagged: string[] = [];
  for (const r of shown) {
    if (r.tags.length === 0) untagged.push(r.id);
    for (const t of new Set(r.tags)) {
      const ids = byTag.get(t);
      if (ids) ids.push(r.id);
      else byTag.set(t, [r.id]);
    }
  }
  const sections: BoardSection[] = [...byTag.keys()]
    .sort((a, b) => byName.compare(a, b))
    .map((tag) => ({ key: `tag:${tag}`, tag, title: tag, ids: byTag.get(tag) ?? [] }));
  if (untagged.length > 0) sections.push({ key: 'untagged', tag: null, title: 'Untagged', ids: untagged });
  return sections;
}

/**
 * Whether a probe passes the board's filter: its state, and the search text in its name or URL
 * (the same box filters hosts and probes, so "api" finds both the api hosts and their probes).
 */
export function probeMatches(
  probe: { name: string; url: string; state: HealthState },
  filter: BoardFilter,
): boolean {
  if (filter.state !== null && probe.state !== filter.state) return false;
  const q = filter.query.trim().toLowerCase();
  return !q || probe.name.toLowerCase().includes(q) || probe.url.toLowerCase().includes(q);
}
