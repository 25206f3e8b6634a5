import { create } from 'zustand';
import type { IncidentSummary } from '../../../shared/incidents';

interface IncidentsState {
  /** Open first, then newest first, as `incidents:list` orders them. */
  list: IncidentSummary[];
  loaded: boolean;
  loadError: string | null;
  setAll: (list: IncidentSummary[]) => void;
  setLoadError: (message: string) => void;
  /** Puts a changed or new incident in its place in the list. */
  applyChange: (incident: IncidentSummary) => void;
}

/** The engine's order: open incidents first, then the newest declared. */
export function incidentOrder(a: IncidentSummary, b: IncidentSummary): number {
  const open = Number(b.status !== 'resolved') - Number(a.status !== 'resolved');
  return open || b.declaredAt - a.declaredAt;
}

/** Incidents for the header count and the list page, kept current by `incidents:changed`. */
export const useIncidentsStore = create<IncidentsState>()((set) => ({
  list: [],
  loaded: false,
  loadError: null,
  setAll: (list) => set({ list: [...list].sort(incidentOrder), loaded: true, loadError: null }),
  setLoadError: (message) => set({ loadError: message }),
  applyChange: (incident) =>
    set((s) => ({
      list: [...s.list.filter((i) => i.id !== incident.id), incident].sort(incidentOrder),
    })),
}));

/** How many incidents are not resolved: a number, so the header re-renders only when it changes. */
export const openCount = (s: IncidentsState): number =>
  s.list.reduce((n, i) => n + (i.status === 'resolved' ? 0 : 1), 0);
