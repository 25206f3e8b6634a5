import { create } from 'zustand';
import type { Health, Sample } from '../../../shared/schemas';

interface PastEntry {
  health: Health;
  latest: Sample | null;
}

interface TimeTravelState {
  /** The moment the board shows, or null for now (live, or a saved history's last sample). */
  at: number | null;
  byId: Record<string, PastEntry>;
  show: (at: number, entries: Record<string, PastEntry>) => void;
  backToNow: () => void;
}

export const useTimeTravelStore = create<TimeTravelState>()((set) => ({
  at: null,
  byId: {},
  show: (at, byId) => set({ at, byId }),
  backToNow: () => set({ at: null, byId: {} }),
}));
