import { useSyncExternalStore } from 'react';

export type Route = { page: 'board' } | { page: 'host'; hostId: string } | { page: 'alerts' };

function parseRoute(hash: string): Route {
  if (hash === ALERTS_HREF) return { page: 'alerts' };
  const match = /^#\/host\/(.+)$/.exec(hash);
  if (match?.[1]) {
    try {
      return { page: 'host', hostId: decodeURIComponent(match[1]) };
    } catch {
      return { page: 'board' }; // a mangled link lands on the board rather than a blank page
    }
  }
  return { page: 'board' };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = (): string => location.hash;

/**
 * Hash routing: `#/` is the board, `#/host/<id>` a host page, `#/alerts` the alert log.
 * Works from file:// in Electron too.
 */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  return parseRoute(hash);
}

export function hostHref(hostId: string): string {
  return `#/host/${encodeURIComponent(hostId)}`;
}

export const BOARD_HREF = '#/';
export const ALERTS_HREF = '#/alerts';
