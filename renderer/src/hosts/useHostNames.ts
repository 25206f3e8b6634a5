import { useShallow } from 'zustand/react/shallow';
import { useHostsStore } from './hostsStore';

/** Host id → name, in board order. Stable while no name changes, so it can be an effect input. */
export function useHostNames(): Record<string, string> {
  return useHostsStore(
    useShallow((s) => {
      const names: Record<string, string> = {};
      for (const id of s.order) names[id] = s.byId[id]?.host.name ?? id;
      return names;
    }),
  );
}

/** Every tag on the board, sorted, for tag pickers. */
export function useHostTags(): string[] {
  return useHostsStore(
    useShallow((s) => {
      const tags = new Set<string>();
      for (const id of s.order) for (const t of s.byId[id]?.host.tags ?? []) tags.add(t);
      return [...tags].sort();
    }),
  );
}
