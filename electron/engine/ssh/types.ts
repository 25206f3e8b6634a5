/** Where to reach one SSH server. */
export interface SshEndpoint {
  user: string;
  host: string;
  port: number;
  identityFile?: string;
}

/** A host to poll, optionally through one bastion (ProxyJump). */
export interface SshTarget extends SshEndpoint {
  jump?: SshEndpoint;
}

/** How a remote host's link stands, each with a message a person can act on. */
export type LinkState =
  | 'connecting'
  | 'ok'
  | 'unreachable'
  | 'auth_failed'
  | 'hostkey_unknown'
  | 'hostkey_changed'
  | 'unsupported_os'
  | 'timed_out'
  | 'bad_output';

/** A host key as the server presented it. */
export interface PresentedKey {
  keyType: string;
  fingerprint: string;
  keyBase64: string;
  /** Which endpoint presented it (user@host:port): the target or its bastion. */
  endpoint: string;
  host: string;
  port: number;
}

export type HostKeyVerdict =
  | { status: 'trusted' }
  | { status: 'unknown' }
  | { status: 'changed'; expected: string[] }
  | { status: 'revoked' };

/** Decides whether a presented host key may be used; the engine backs it with its trust store. */
export interface HostKeyPolicy {
  check(endpoint: SshEndpoint, keyType: string, key: Buffer): HostKeyVerdict;
}

export interface Credentials {
  /** Path of the ssh-agent socket (SSH_AUTH_SOCK). */
  agent?: string;
  privateKeys?: { path: string; key: Buffer }[];
  /** Passphrase of an encrypted key, held in memory only. */
  passphrase?: string;
  /** Only if the user insisted on password authentication. */
  password?: string;
}

export class SshError extends Error {
  override name = 'SshError';
  constructor(
    readonly state: Exclude<LinkState, 'ok' | 'connecting'>,
    message: string,
    readonly presentedKey?: PresentedKey,
    /** What the user can give to get past this (the passphrase of an encrypted key). */
    readonly needs?: 'passphrase',
  ) {
    super(message);
  }
}

export function endpointLabel(e: SshEndpoint): string {
  return `${e.user}@${e.host}${e.port === 22 ? '' : `:${e.port}`}`;
}
