import { create } from 'zustand';
import type { BoardEntry, Health, Link, Sample } from '../../../shared/schemas';
import type { BoardRow } from '../board/boardOrder';

/** Enough for five minutes at the default 2 s interval: sparklines and the host chart. */
export const HISTORY_LENGTH = 150;
/** What a card's sparklines span; every host keeps at least this many samples. */
export const SPARKLINE_SAMPLES = 60;
/**
 * Samples kept across the whole board (each is about 0.7 KB of heap). A large fleet keeps
 * fewer per host rather than growing without bound: 500 hosts keep 60 each, about 20 MB.
 */
export const HISTORY_BUDGET = 30_000;

/** Samples kept per host for a board of `hosts` hosts. */
export function historyCap(hosts: number): number {
  return Math.max(
    SPARKLINE_SAMPLES,
    Math.min(HISTORY_LENGTH, Math.floor(HISTORY_BUDGET / Math.max(1, hosts))),
  );
}

/** A board entry as the engine sends it, plus the samples this page has received since. */
export interface HostEntry extends BoardEntry {
  /** Oldest first; at most historyCap(hosts) samples received since the page opened. */
  history: Sample[];
}

/** An engine event for one host, as queued between frames. */
export type HostEvent = { kind: 'sample'; sample: Sample } | { kind: 'health'; health: Health };

interface HostsState {
  /** Host ids in the engine's board order; the board sorts its own copy. */
  order: string[];
  byId: Record<string, HostEntry>;
  /**
   * What the board's order, filter, grouping and counts depend on, in `order`. A new array only
   * when a host's state, name or tags change, so samples do not make the board re-sort.
   */
  rows: BoardRow[];
  loaded: boolean;
  loadError: string | null;
  /** Replaces the board, keeping history for hosts that are still on it. */
  setBoard: (entries: BoardEntry[]) => void;
  setLoadError: (message: string) => void;
  /**
   * Applies queued samples and health changes in one update, so a frame's worth of events costs
   * one render, and only the cards whose host changed get a new entry. Returns false when an
   * event names a host not on the board, so the caller can reload it.
   */
  applyEvents: (events: readonly HostEvent[]) => boolean;
  /** Drops a host the engine removed, without waiting for a board reload. */
  removeHost: (hostId: string) => void;
}

function appendSample(history: Sample[], sample: Sample, cap: number): Sample[] {
  const last = history[history.length - 1];
  if (last && last.ts >= sample.ts) return history; // a replay after reconnecting
  const next = history.length >= cap ? history.slice(history.length - cap + 1) : history.slice();
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
  return { ...entry.link, pollMs: sample.pollMs, connectMs: sample.connectMs ?? entry.link.connectMs };
}

function rowsOf(order: readonly string[], byId: Record<string, HostEntry>): BoardRow[] {
  return order.flatMap((id) => {
    const e = byId[id];
    return e ? [{ id, name: e.host.name, state: e.health.state, tags: e.host.tags }] : [];
  });
}

function applyEvent(entry: HostEntry, event: HostEvent, cap: number): HostEntry {
  if (event.kind === 'health') return { ...entry, health: event.health };
  const { sample } = event;
  const history = appendSample(entry.history, sample, cap);
  if (history === entry.history) return entry;
  return { ...entry, latest: sample, history, link: freshLink(entry, sample) };
}

export const useHostsStore = create<HostsState>()((set, get) => ({
  order: [],
  byId: {},
  rows: [],
  loaded: false,
  loadError: null,

  setBoard(entries) {
    const prev = get().byId;
    const cap = historyCap(entries.length);
    const byId: Record<string, HostEntry> = {};
    for (const e of entries) {
      let history = prev[e.host.id]?.history ?? [];
      if (history.length > cap) history = history.slice(history.length - cap);
      if (e.latest) history = appendSample(history, e.latest, cap);
      byId[e.host.id] = { host: e.host, health: e.health, latest: e.latest, link: e.link, history };
    }
    const order = entries.map((e) => e.host.id);
    set({ order, byId, rows: rowsOf(order, byId), loaded: true, loadError: null });
  },

  setLoadError(message) {
    set({ loadError: message });
  },

  applyEvents(events) {
    const { byId, order } = get();
    const cap = historyCap(order.length);
    let next: Record<string, HostEntry> | null = null;
    let known = true;
    let moved = false;
    for (const event of events) {
      const hostId = event.kind === 'sample' ? event.sample.hostId : event.health.hostId;
      const entry = (next ?? byId)[hostId];
      if (!entry) {
        known = false;
        continue;
      }
      const updated = applyEvent(entry, event, cap);
      if (updated === entry) continue;
      moved ||= updated.health.state !== entry.health.state;
      next ??= { ...byId };
      next[hostId] = updated;
    }
    if (next) set(moved ? { byId: next, rows: rowsOf(order, next) } : { byId: next });
    return known;
  },

  removeHost(hostId) {
    const { byId, order } = get();
    if (!byId[hostId]) return;
    const { [hostId]: _removed, ...rest } = byId;
    const remaining = order.filter((id) => id !== hostId);
    set({ byId: rest, order: remaining, rows: rowsOf(remaining, rest) });
  },
}));
