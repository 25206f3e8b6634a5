import type { SshEndpointInfo } from './schemas';

/**
 * One home for what names and paces a host: the local machine's id, the default intervals and
 * timeouts, and how an SSH address is written. The engine, the CLI and the forms read these,
 * so a default changes in one place.
 */

/** The id of the machine Greenboard runs on; it is always on the board. */
export const LOCAL_HOST_ID = 'local';

/** How often the local machine is polled unless the settings say otherwise. */
export const DEFAULT_LOCAL_INTERVAL_MS = 2000;

/** How often an SSH host is polled unless its entry says otherwise. */
export const DEFAULT_SSH_INTERVAL_MS = 5000;

/** One SSH step (TCP connect, handshake, channel open) gives up after this long. */
export const DEFAULT_SSH_TIMEOUT_MS = 10_000;

export type ParsedSshAddress = { ok: true; endpoint: SshEndpointInfo } | { ok: false; message: string };

const ADDRESS = /^(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^:@\s[\]]+)(?::(\d+))?$/;

/**
 * `user@host[:port]` (or `user@[::1]:port`) → endpoint, port 22 by default. Without a user
 * the address is refused unless the caller names the default (the CLI and ssh_config import
 * use the local user name, as ssh does; the forms ask for one).
 */
export function parseSshAddress(
  text: string,
  opts: { what?: string; defaultUser?: string; identityFile?: string } = {},
): ParsedSshAddress {
  const what = opts.what ?? 'SSH address';
  const m = ADDRESS.exec(text.trim());
  const user = m?.[1] ?? opts.defaultUser;
  const host = m?.[2]?.replace(/^\[|\]$/g, '');
  if (!m || !user || !host)
    return {
      ok: false,
      message: `${what}: "${text}" is not an SSH address; write it as user@host or user@host:port (e.g. deploy@10.0.0.5:2222).`,
    };
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535)
    return { ok: false, message: `${what}: port ${port} is out of range (1-65535).` };
  return {
    ok: true,
    endpoint: { user, host, port, ...(opts.identityFile ? { identityFile: opts.identityFile } : {}) },
  };
}

/** The inverse, for filling an edit form: the port is left out when it is 22. */
export function formatSshAddress(e: Pick<SshEndpointInfo, 'user' | 'host' | 'port'>): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${e.user}@${host}${e.port === 22 ? '' : `:${e.port}`}`;
}
