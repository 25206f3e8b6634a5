import { create } from 'zustand';
import type { EventPayload } from '../../../shared/contract';
import type { ServiceState } from '../../../shared/services';

export type ServiceChange = EventPayload<'services:changed'>;

interface ServicesState {
  byId: Record<string, ServiceState>;
  loaded: boolean;
  loadError: string | null;
  /** Replaces every service with the engine's list. */
  setAll: (list: readonly ServiceState[]) => void;
  setLoadError: (message: string) => void;
  /** Applies one `services:changed` event: a state replaces the service's, null drops it. */
  applyChange: (change: ServiceChange) => void;
}

/**
 * The services on the board, kept live by initServices from `services:list` and
 * `services:changed`. A live store rather than a cached read: every poll of every service
 * arrives as a full state, which the cards show as it comes without asking again.
 */
export const useServicesStore = create<ServicesState>()((set, get) => ({
  byId: {},
  loaded: false,
  loadError: null,

  setAll(list) {
    const byId: Record<string, ServiceState> = {};
    for (const s of list) byId[s.config.id] = s;
    set({ byId, loaded: true, loadError: null });
  },

  setLoadError(message) {
    set({ loadError: message });
  },

  applyChange({ serviceId, state }) {
    const { byId } = get();
    if (state === null) {
      if (!byId[serviceId]) return;
      const { [serviceId]: _gone, ...rest } = byId;
      set({ byId: rest });
      return;
    }
    // A poll announced out of order (after a reload that already had a newer one) is dropped.
    const prev = byId[serviceId];
    if (prev?.latest && state.latest && state.latest.ts < prev.latest.ts) return;
    set({ byId: { ...byId, [serviceId]: state } });
  },
}));

/** A host's service ids in a stable order (kind, then port), for useShallow selectors. */
export function serviceIdsOf(byId: Record<string, ServiceState>, hostId: string): string[] {
  return Object.values(byId)
    .filter((s) => s.config.hostId === hostId)
    .sort((a, b) => a.config.kind.localeCompare(b.config.kind) || a.config.port - b.config.port)
    .map((s) => s.config.id);
}

/** When the newest reading of a host's services was taken, or null before any. */
export function newestReading(byId: Record<string, ServiceState>, hostId: string): number | null {
  let newest: number | null = null;
  for (const s of Object.values(byId))
    if (s.config.hostId === hostId && s.latest && (newest === null || s.latest.ts > newest))
      newest = s.latest.ts;
  return newest;
}
