/**
 * Which names this server answers to. A page on another site can point its own DNS name at
 * 127.0.0.1 (DNS rebinding) and then talk to Greenboard as a same-origin page would; the
 * browser still sends that name in `Host`, so refusing unknown names closes the hole.
 * https://en.wikipedia.org/wiki/DNS_rebinding
 */
export interface HostPolicy {
  /** The port the server is bound to. */
  port: number;
  /** The `--host` address it is bound to. */
  bindHost: string;
  /** Extra names from `--allow-host NAME` (any port) or `NAME:PORT` (that port only). */
  allowHosts: readonly string[];
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

// A DNS name, an IPv4 address or a bracketed IPv6 address, with an optional port. Checked
// before URL parsing so that "evil@127.0.0.1" or "127.0.0.1/x" can never parse as ours.
const HOST_HEADER = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/** Splits `name[:port]` into a lower-case name (IPv6 bracketed) and a port ('' when none), or null. */
export function splitHost(value: string): { name: string; port: string } | null {
  // 253 is DNS's limit on a name; the cap also bounds the regex's work on a hostile header.
  const m = value.length > 260 ? null : HOST_HEADER.exec(value);
  if (!m?.[1]) return null;
  const port = m[2] ?? '';
  if (port !== '' && Number(port) > 65535) return null;
  try {
    // The URL parser gives the canonical form: lower case, IPv6 compressed, a trailing dot dropped.
    return { name: new URL(`http://${m[1]}`).hostname.replace(/\.$/, ''), port };
  } catch {
    return null;
  }
}

/** Why an `--allow-host` value cannot be used, or null when it can. */
export function invalidHostName(value: string): string | null {
  return splitHost(value)
    ? null
    : `--allow-host takes a host name or address, optionally with :PORT (e.g. greenboard.lan or 10.0.0.5:4817), got "${value}".`;
}

/** True when `hostHeader` (a `Host` value, or an Origin's host) names this server. */
export function hostAllowed(hostHeader: string | undefined, policy: HostPolicy): boolean {
  if (hostHeader === undefined) return false;
  const host = splitHost(hostHeader);
  if (!host) return false;
  const port = host.port === '' ? 80 : Number(host.port);
  const bound = splitHost(policy.bindHost.includes(':') ? `[${policy.bindHost}]` : policy.bindHost);
  const own = bound ? [...LOOPBACK, bound.name] : LOOPBACK;
  if (own.includes(host.name) && port === policy.port) return true;
  return policy.allowHosts.some((entry) => {
    const allowed = splitHost(entry);
    if (!allowed || allowed.name !== host.name) return false;
    return allowed.port === '' || Number(allowed.port) === port;
  });
}

/**
 * Browsers send `Origin` on WebSocket handshakes and on POSTs, and a page on any site can
 * send both to localhost; only pages served under a name this server answers to may. Clients
 * that are not browsers send none and still need the token.
 * https://developer.mozilla.org/docs/Web/HTTP/Headers/Origin
 */
export function originAllowed(origin: string | undefined, policy: HostPolicy): boolean {
  if (origin === undefined) return true;
  const m = /^(https?):\/\/([^/?#]+)$/i.exec(origin);
  if (!m?.[1] || !m[2]) return false; // "null" (sandboxed frames, file: pages) included
  const defaultPort = m[1].toLowerCase() === 'https' ? ':443' : ':80';
  const host = splitHost(m[2]);
  if (!host) return false;
  return hostAllowed(host.port === '' ? `${m[2]}${defaultPort}` : m[2], policy);
}

/** The message for a `Host` the server does not answer to: what to pass to allow it. */
export function wrongHostMessage(hostHeader: string | undefined): string {
  if (hostHeader === undefined) return 'The request has no Host header; send one naming this server.';
  const host = splitHost(hostHeader);
  const name = host?.name ?? hostHeader.slice(0, 80);
  return (
    `This Greenboard does not answer to the name "${name}". It refuses unknown names to block DNS rebinding; ` +
    `if you reach it by this name, start it with --allow-host ${name}.`
  );
}
