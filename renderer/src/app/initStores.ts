import type { GreenboardApi } from '../../../shared/contract';
import { perfNaive, timedUpdate } from '../board/boardPerf';
import { errorMessage } from '../transport/apiCallError';
import type { ConnectionSource } from '../transport/connectionStatus';
import { frameBatch } from './frameBatch';
import { SPARKLINE_SAMPLES, useHostsStore, type HostEvent } from '../hosts/hostsStore';
import { initIncidents } from '../incidents/initIncidents';
import { useProbesStore } from '../probes/probesStore';
import { useTrendsStore } from '../hosts/trendsStore';
import { systemTheme, useUiStore } from './uiStore';
import { coalescedLoad } from './coalescedLoad';

/**
 * Loads the board and keeps the stores live: engine events, connection status and the system
 * theme. Called from App's effect rather than on import, so tests and StrictMode control its
 * lifetime. Returns the cleanup that removes every subscription.
 */
export function initStores(api: GreenboardApi, connection: ConnectionSource): () => void {
  let disposed = false;
  const hosts = useHostsStore.getState();
  const ui = useUiStore.getState();

  // Samples and health changes arrive hundreds a second with a large fleet: one update a frame.
  const hostEvents = frameBatch<HostEvent>((events) =>
    timedUpdate(events.length, () => {
      // Before the first board arrives every host is unknown, and the load in flight has them.
      if (!hosts.applyEvents(events) && useHostsStore.getState().loaded) unknownHost();
    }),
  );
  const queueHostEvent = (event: HostEvent): void => {
    hostEvents.push(event);
    if (perfNaive) hostEvents.flush();
  };

  // The stored trends asked for beside the first board: awaited before that board is shown,
  // so its cards paint once, with their sparklines drawn, rather than dashed and then filled.
  let firstTrends: Promise<void> | null = null;

  // A change announced while a load is in flight may not be in its answer: load once more.
  const board = coalescedLoad(async () => {
    try {
      const entries = await api.call('board:get', {});
      if (firstTrends) await firstTrends;
      firstTrends = null;
      if (disposed) return false;
      // Events queued before the answer are older than it: apply them first, not over it.
      hostEvents.flush();
      hosts.setBoard(entries);
      return true;
    } catch (err) {
      if (!disposed) hosts.setLoadError(errorMessage(err));
      return false;
    }
  });
  const loadBoard = (): Promise<void> => board.run();

  // The stored tail of every card's sparklines, asked for beside the board (not after it), so
  // the first paint has trends. Live samples extend it; after a reconnect it also covers the
  // polls missed meanwhile. Without it the cards still fill from live samples, and a broken
  // connection is already said by the board's own load and the connection banner.
  let trendsAsked = 0;
  const loadTrends = async (): Promise<void> => {
    const asked = ++trendsAsked;
    try {
      const trends = await api.call('board:trends', { samples: SPARKLINE_SAMPLES });
      if (!disposed && asked === trendsAsked) useTrendsStore.getState().setAll(trends);
    } catch {
      // The sparklines start from live samples instead.
    }
  };

  // An event for a host we have not seen means the board changed under us.
  const unknownHost = (): void => void loadBoard();

  // Probes: the same load-once-more rule, in their own store; a run arrives as a full status.
  const probes = coalescedLoad(async () => {
    try {
      const list = await api.call('probes:list', {});
      if (disposed) return false;
      useProbesStore.getState().setAll(list);
      return true;
    } catch (err) {
      if (!disposed) useProbesStore.getState().setLoadError(errorMessage(err));
      return false;
    }
  });
  const loadProbes = (): Promise<void> => probes.run();

  let wasClosed = false;
  const media = window.matchMedia('(prefers-color-scheme: light)');
  const onMedia = (): void => ui.followSystemTheme(systemTheme());
  media.addEventListener('change', onMedia);

  const unsubscribe = [
    api.on('metrics:sample', (sample) => queueHostEvent({ kind: 'sample', sample })),
    api.on('health:changed', (health) => queueHostEvent({ kind: 'health', health })),
    api.on('hosts:changed', ({ hostId, removed }) => {
      hostEvents.flush();
      if (removed) hosts.removeHost(hostId);
      else void loadBoard();
    }),
    api.on('probes:changed', (change) => {
      probes.changed(); // the list in flight may predate this change
      if (!useProbesStore.getState().applyChange(change)) void loadProbes();
    }),
    connection.subscribe((status) => {
      ui.setConnection(status);
      // Samples pushed while we were away are gone; the board has the current truth.
      if (status.state === 'open' && wasClosed) {
        void loadBoard();
        void loadTrends();
        void loadProbes();
      }
      if (status.state === 'closed') wasClosed = true;
    }),
    () => media.removeEventListener('change', onMedia),
    () => hostEvents.dispose(),
    // Incidents load and follow their own event; their cleanup is one of these.
    initIncidents(api, connection),
  ];

  firstTrends = loadTrends();
  void loadBoard();
  void loadProbes();

  return () => {
    disposed = true;
    for (const u of unsubscribe) u();
  };
}
