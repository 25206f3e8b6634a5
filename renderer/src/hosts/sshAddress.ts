import {
  formatSshAddress,
  parseSshAddress as parseAddress,
  type ParsedSshAddress,
} from '../../../shared/hosts';

export { formatSshAddress };
export type ParsedAddress = ParsedSshAddress;

/**
 * `user@host[:port]` (or `user@[::1]:port`) → endpoint, port 22 by default, by the engine's own
 * rules (shared/hosts.ts); the engine validates again, this only catches typing slips early.
 */
export function parseSshAddress(text: string, what: string): ParsedAddress {
  return parseAddress(text, { what });
}
