import type { SshEndpointInfo } from '../../shared/schemas';

const ADDRESS = /^([^@\s]+)@(\[[^\]\s]+\]|[^:@\s[\]]+)(?::(\d+))?$/;

export type ParsedAddress = { ok: true; endpoint: SshEndpointInfo } | { ok: false; message: string };

/**
 * `user@host[:port]` (or `user@[::1]:port`) → endpoint, port 22 by default. The engine
 * validates again; this only catches typing slips before a round trip.
 */
export function parseSshAddress(text: string, what: string): ParsedAddress {
  const m = ADDRESS.exec(text.trim());
  const user = m?.[1];
  const host = m?.[2]?.replace(/^\[|\]$/g, '');
  if (!user || !host)
    return {
      ok: false,
      message: `${what}: write it as user@host or user@host:port (e.g. deploy@10.0.0.5:2222).`,
    };
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535)
    return { ok: false, message: `${what}: port ${port} is out of range (1-65535).` };
  return { ok: true, endpoint: { user, host, port } };
}

/** The inverse, for filling the edit form: the port is left out when it is 22. */
export function formatSshAddress(e: Pick<SshEndpointInfo, 'user' | 'host' | 'port'>): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${e.user}@${host}${e.port === 22 ? '' : `:${e.port}`}`;
}
