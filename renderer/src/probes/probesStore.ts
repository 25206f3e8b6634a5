import { create } from 'zustand';
import type { EventPayload } from '../../../shared/contract';
import type { ProbeStatus } from '../../../shared/probes';
import { compareProbes } from './probeFormat';

export type ProbeChange = EventPayload<'probes:changed'>;

interface ProbesState {
  /** Probe ids worst first, then by name. */
  order: string[];
  byId: Record<string, ProbeStatus>;
  loaded: boolean;
  loadError: string | null;
  /** Replaces every probe with the engine's list. */
  setAll: (list: readonly ProbeStatus[]) => void;
  setLoadError: (message: string) => void;
  /**
   * Applies one `probes:changed` event: a new status replaces the probe's, `removed` drops it.
   * Returns false for an event that is neither (no status), so the caller can reload the list.
   */
  applyChange: (change: ProbeChange) => boolean;
}

function orderOf(byId: Record<string, ProbeStatus>): string[] {
  return Object.values(byId)
    .sort(compareProbes)
    .map((p) => p.def.id);
}

/** Keeps the old array when the order did not change, so the section does not re-render. */
function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** The probes on the board, kept live by initStores from `probes:list` and `probes:changed`. */
export const useProbesStore = create<ProbesState>()((set, get) => ({
  order: [],
  byId: {},
  loaded: false,
  loadError: null,

  setAll(list) {
    const byId: Record<string, ProbeStatus> = {};
    for (const p of list) byId[p.def.id] = p;
    set({ byId, order: orderOf(byId), loaded: true, loadError: null });
  },

  setLoadError(message) {
    set({ loadError: message });
  },

  applyChange({ probeId, removed, status }) {
    const { byId, order } = get();
    if (removed) {
      if (!byId[probeId]) return true;
      const { [probeId]: _gone, ...rest } = byId;
      set({ byId: rest, order: order.filter((id) => id !== probeId) });
      return true;
    }
    if (!status) return false;
    const prev = byId[probeId];
    // A run announced out of order (after a reload that already had a newer one) is dropped.
    if (prev?.last && status.last && status.last.ts < prev.last.ts) return true;
    const next = { ...byId, [probeId]: status };
    const nextOrder = orderOf(next);
    set(sameOrder(order, nextOrder) ? { byId: next } : { byId: next, order: nextOrder });
    return true;
  },
}));
