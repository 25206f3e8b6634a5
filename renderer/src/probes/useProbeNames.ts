import { useShallow } from 'zustand/react/shallow';
import { useProbesStore } from './probesStore';

/** Probe id → name, worst first. Stable while no name changes, so it can be an effect input. */
export function useProbeNames(): Record<string, string> {
  return useProbesStore(
    useShallow((s) => {
      const names: Record<string, string> = {};
      for (const id of s.order) names[id] = s.byId[id]?.def.name ?? id;
      return names;
    }),
  );
}
