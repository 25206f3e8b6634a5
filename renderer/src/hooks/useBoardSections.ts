import { useShallow } from 'zustand/react/shallow';
import { useHostsStore } from '../stores/hosts';

export interface BoardSection {
  /** null for the single ungrouped grid and for "Untagged". */
  tag: string | null;
  title: string;
  ids: string[];
}

/** A host matches when the query is part of its name or of one of its tags. */
function matches(name: string, tags: readonly string[], q: string): boolean {
  return name.toLowerCase().includes(q) || tags.some((t) => t.toLowerCase().includes(q));
}

/**
 * The board's host ids, filtered by the search text and, when grouping, split into one
 * section per tag (alphabetical, a host in each of its tags) with untagged hosts last.
 */
export function useBoardSections(query: string, groupByTag: boolean): BoardSection[] {
  const q = query.trim().toLowerCase();
  // A flat, comparable snapshot so useShallow can skip re-renders when only samples change.
  const flat = useHostsStore(
    useShallow((s) =>
      s.order.flatMap((id) => {
        const host = s.byId[id]?.host;
        if (!host || (q && !matches(host.name, host.tags, q))) return [];
        return [[id, ...host.tags].join('\u0000')];
      }),
    ),
  );
  const hosts = flat.map((row) => {
    const [id = '', ...tags] = row.split('\u0000');
    return { id, tags };
  });
  if (!groupByTag) return [{ tag: null, title: 'All hosts', ids: hosts.map((h) => h.id) }];

  const byTag = new Map<string, string[]>();
  const untagged: string[] = [];
  for (const h of hosts) {
    if (h.tags.length === 0) untagged.push(h.id);
    for (const t of h.tags) byTag.set(t, [...(byTag.get(t) ?? []), h.id]);
  }
  const sections: BoardSection[] = [...byTag.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((tag) => ({ tag, title: tag, ids: byTag.get(tag) ?? [] }));
  if (untagged.length > 0) sections.push({ tag: null, title: 'Untagged', ids: untagged });
  return sections;
}
