import { create } from 'zustand';
import type { BoardEntry, Health, Host, Link, Sample } from '../../../shared/schemas';

/** Enough for five minutes at the default 2 s interval: sparklines and the host chart. */
export const HISTORY_LENGTH = 150;

/** Everything the board knows about one host. */
export interface HostEntry {
  host: Host;
  health: Health;
  latest: Sample | null;
  /** How the engine reaches the host (always `ok` for this machine). */
  link: Link;
  /** Oldest first; at most HISTORY_LENGTH samples received since the page opened. */
  history: Sample[];
}

interface HostsState {
  /** Host ids in the engine's board order, so cards do not jump around as states change. */
  order: string[];
  byId: Record<string, HostEntry>;
  loaded: boolean;
  loadError: string | null;
  /** Replaces the board, keeping history for hosts that are still on it. */
  setBoard: (entries: BoardEntry[]) => void;
  setLoadError: (message: string) => void;
  /** Returns false when the host is not on the board, so the caller can reload it. */
  addSample: (sample: Sample) => boolean;
  setHealth: (health: Health) => boolean;
  /** Drops a host the engine removed, without waiting for a board reload. */
  removeHost: (hostId: string) => void;
}

function appendSample(history: Sample[], sample: Sample): Sample[] {
  const last = history[history.length - 1];
  if (last && last.ts >= sample.ts) return history; // a replay after reconnecting
  const next =
    history.length >= HISTORY_LENGTH ? history.slice(history.length - HISTORY_LENGTH + 1) : history.slice();
  next.push(sample);
  return next;
}

/**
 * The engine announces link changes only when the state or message changes, not every new
 * round trip; an SSH sample carries the poll's round trip (pollMs) and connect time, so the
 * link's timings follow the samples.
 */
function freshLink(entry: HostEntry, sample: Sample): Link {
  if (entry.host.kind !== 'ssh' || entry.link.state !== 'ok') return entry.link;
  return { ...entry.link, rttMs: sample.pollMs, tcpConnectMs: sample.connectMs ?? entry.link.tcpConnectMs };
}

export const useHostsStore = create<HostsState>()((set, get) => ({
  order: [],
  byId: {},
  loaded: false,
  loadError: null,

  setBoard(entries) {
    const prev = get().byId;
    const byId: Record<string, HostEntry> = {};
    for (const e of entries) {
      let history = prev[e.host.id]?.history ?? [];
      if (e.latest) history = appendSample(history, e.latest);
      byId[e.host.id] = { host: e.host, health: e.health, latest: e.latest, link: e.link, history };
    }
    set({ order: entries.map((e) => e.host.id), byId, loaded: true, loadError: null });
  },

  setLoadError(message) {
    set({ loadError: message });
  },

  addSample(sample) {
    const entry = get().byId[sample.hostId];
    if (!entry) return false;
    const history = appendSample(entry.history, sample);
    if (history === entry.history) return true;
    set({
      byId: {
        ...get().byId,
        [sample.hostId]: { ...entry, latest: sample, history, link: freshLink(entry, sample) },
      },
    });
    return true;
  },

  setHealth(health) {
    const entry = get().byId[health.hostId];
    if (!entry) return false;
    set({ byId: { ...get().byId, [health.hostId]: { ...entry, health } } });
    return true;
  },

  removeHost(hostId) {
    const { byId, order } = get();
    if (!byId[hostId]) return;
    const { [hostId]: _removed, ...rest } = byId;
    set({ byId: rest, order: order.filter((id) => id !== hostId) });
  },
}));
