import type { HealthState, Link, LinkStateName } from '../../../shared/schemas';

/**
 * How each SSH link state reads: an icon and a word as well as a colour (borrowed from the
 * health states), so it reads without colour vision.
 */
export const LINK_META: Record<LinkStateName, { icon: string; label: string; tone: HealthState }> = {
  connecting: { icon: '…', label: 'Connecting', tone: 'waiting' },
  ok: { icon: '✓', label: 'Connected', tone: 'green' },
  unreachable: { icon: '✖', label: 'Unreachable', tone: 'red' },
  auth_failed: { icon: '⊘', label: 'Login failed', tone: 'red' },
  hostkey_unknown: { icon: '?', label: 'Unknown host key', tone: 'amber' },
  hostkey_changed: { icon: '⚠', label: 'Host key changed', tone: 'red' },
  unsupported_os: { icon: '⊘', label: 'Unsupported system', tone: 'red' },
  timed_out: { icon: '⌛', label: 'Timed out', tone: 'red' },
  bad_output: { icon: '⚠', label: 'Unexpected output', tone: 'red' },
};

/** The host key needs the user's review before Greenboard will connect. */
export function needsTrust(link: Link): boolean {
  return (link.state === 'hostkey_unknown' || link.state === 'hostkey_changed') && link.pendingKey !== null;
}

/** An encrypted key file is waiting for its passphrase. */
export function needsPassphrase(link: Link): boolean {
  return link.state === 'auth_failed' && link.needs === 'passphrase';
}

/** A login was refused or impossible: the user may give a passphrase, or opt in to a password. */
export function needsCredentials(link: Link): boolean {
  return link.state === 'auth_failed';
}

/**
 * The engine reconnects on its own (with backoff) from these states; the others wait for the
 * user (trust a key, give a passphrase, fix the host) and say so in their message.
 */
export function retriesOnItsOwn(link: Link): boolean {
  return link.state === 'unreachable' || link.state === 'timed_out' || link.state === 'bad_output';
}

/** Milliseconds for the link timings; '—' before the first connection. */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
