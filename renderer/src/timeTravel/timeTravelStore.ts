import { create } from 'zustand';
import type { ProbeStatus } from '../../../shared/probes';
import type { Health, Link, Sample } from '../../../shared/schemas';
import type { PastBoard } from '../../../shared/timeTravel';
import type { BoardTrends, TrendPoint } from '../../../shared/trends';

interface PastEntry {
  health: Health;
  latest: Sample | null;
  link: Link;
}

interface TimeTravelState {
  /** The moment the board shows, or null for now (live, or a saved history's last sample). */
  at: number | null;
  /** The hosts that existed at `at`, each as it was then; a host missing here did not exist yet. */
  byId: Record<string, PastEntry>;
  /** The probes that existed at `at`, worst first, each as it was then. */
  probes: ProbeStatus[];
  incidents: PastBoard['incidents'];
  /** Each host's sparkline points up to `at`. */
  trends: Record<string, readonly TrendPoint[]>;
  show: (board: PastBoard, trends: BoardTrends) => void;
  backToNow: () => void;
}

export const useTimeTravelStore = create<TimeTravelState>()((set) => ({
  at: null,
  byId: {},
  probes: [],
  incidents: [],
  trends: {},
  show: (board, trends) =>
    set({
      at: board.ts,
      byId: Object.fromEntries(
        board.hosts.map((e) => [e.host.id, { health: e.health, latest: e.latest, link: e.link }]),
      ),
      probes: board.probes,
      incidents: board.incidents,
      trends: Object.fromEntries(trends.hosts.map((h) => [h.hostId, h.points])),
    }),
  backToNow: () => set({ at: null, byId: {}, probes: [], incidents: [], trends: {} }),
}));

/** The probe as the board shows it at the scrubbed moment, or undefined when live or absent then. */
export const pastProbe = (s: TimeTravelState, probeId: string): ProbeStatus | undefined =>
  s.at === null ? undefined : s.probes.find((p) => p.def.id === probeId);
