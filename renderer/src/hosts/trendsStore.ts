import { create } from 'zustand';
import type { BoardTrends, TrendPoint } from '../../../shared/trends';

interface TrendsState {
  /**
   * Each host's stored CPU and memory over its sparkline window, as read when the board
   * loaded (or reconnected); the live samples in the hosts store continue it (see storedTail.ts).
   */
  byId: Record<string, TrendPoint[]>;
  /** Where the stored windows end; null before the first answer. */
  to: number | null;
  setAll: (trends: BoardTrends) => void;
}

export const useTrendsStore = create<TrendsState>()((set) => ({
  byId: {},
  to: null,
  setAll: ({ to, hosts }) => set({ to, byId: Object.fromEntries(hosts.map((h) => [h.hostId, h.points])) }),
}));
