import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'board' }
  | { page: 'host'; hostId: string }
  | { page: 'group'; tag: string }
  | { page: 'alerts' }
  | { page: 'probe'; probeId: string }
  | { page: 'loadtests' }
  | { page: 'incidents' }
  | { page: 'incident'; incidentId: string };

function parseRoute(hash: string): Route {
  if (hash === ALERTS_HREF) return { page: 'alerts' };
  if (hash === LOADTESTS_HREF) return { page: 'loadtests' };
  if (hash === INCIDENTS_HREF) return { page: 'incidents' };
  const match = /^#\/(host|probe|incident|group)\/(.+)$/.exec(hash);
  if (match?.[2]) {
    try {
      const id = decodeURIComponent(match[2]);
      if (match[1] === 'incident') return { page: 'incident', incidentId: id };
      if (match[1] === 'group') return { page: 'group', tag: id };
      // A group is "group:<tag>" in the alert log and its notifications (host ids have no colon).
      if (match[1] === 'host' && id.startsWith('group:')) return { page: 'group', tag: id.slice(6) };
      return match[1] === 'probe' ? { page: 'probe', probeId: id } : { page: 'host', hostId: id };
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
 * Hash routing: `#/` is the board, `#/host/<id>` a host page, `#/probe/<id>` a probe page,
 * `#/alerts` the alert log, `#/loadtests` the load tests, `#/incidents` the incidents and
 * `#/incident/<id>` one incident, `#/group/<tag>` a group (the hosts sharing a tag).
 * Works from file:// in Electron too.
 */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  return parseRoute(hash);
}

export function hostHref(hostId: string): string {
  return `#/host/${encodeURIComponent(hostId)}`;
}

/** A group's page: `#/group/<tag>`. */
export function groupHref(tag: string): string {
  return `#/group/${encodeURIComponent(tag)}`;
}

export function probeHref(probeId: string): string {
  return `#/probe/${encodeURIComponent(probeId)}`;
}

export function incidentHref(incidentId: string): string {
  return `#/incident/${encodeURIComponent(incidentId)}`;
}

export const BOARD_HREF = '#/';
export const LOADTESTS_HREF = '#/loadtests';
export const ALERTS_HREF = '#/alerts';
export const INCIDENTS_HREF = '#/incidents';
