import { LOCAL_HOST_ID } from '../../../shared/hosts';
import type { Host } from '../../../shared/schemas';

const MAX_ID = 64;

/** `Checkout API (prod)` → `checkout-api-prod`; `target` when the name has no letters or digits. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID - 4)
    .replace(/-+$/, '');
  return slug || 'target';
}

/** The name's slug, or with `-2`, `-3`… the first one not taken. */
export function uniqueId(name: string, taken: (id: string) => boolean): string {
  const base = slugOf(name);
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!taken(id)) return id;
  }
}

/** The URL's host name, lower case, without an IPv6 literal's brackets. */
export function hostnameOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/**
 * The fleet host serving `url`, when it can be told for certain: a loopback address is this
 * machine, and a host name equal to an SSH host's address is that host. Nothing cleverer
 * (DNS, reverse proxies): recording the wrong server's CPU would mislead more than none.
 */
export function matchHost(url: string, hosts: readonly Host[]): string | null {
  let hostname: string;
  try {
    hostname = hostnameOf(url);
  } catch {
    return null;
  }
  if (isLoopback(hostname)) {
    return hosts.some((h) => h.id === LOCAL_HOST_ID) ? LOCAL_HOST_ID : null;
  }
  const ssh = hosts.filter((h) => h.kind === 'ssh' && h.ssh?.host.toLowerCase() === hostname);
  // Two fleet hosts at one address (e.g. different ports): no way to tell which serves the URL.
  return ssh.length === 1 ? (ssh[0]?.id ?? null) : null;
}
