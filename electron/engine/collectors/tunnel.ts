// A byte stream to a port on a host's loopback, for a database driver in Greenboard to talk
// through: over the host's existing SSH session (a `direct-tcpip` channel, RFC 4254 §7.2), or a
// plain TCP socket for this machine. Nothing listens anywhere: the stream is handed to the driver.
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Why a tunnel did not open: `forbidden` (the SSH server refuses port forwarding: sshd's
 * AllowTcpForwarding no, or a `restrict`/`no-port-forwarding` key), `refused` (nothing listens on
 * the port on the host), `failed` (anything else: the session is down, no answer in time).
 */
export class TunnelError extends Error {
  constructor(
    readonly reason: 'forbidden' | 'refused' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'TunnelError';
  }
}

/** Opens streams to 127.0.0.1:<port> on a host. */
export interface TunnelOpener {
  /** A connected stream to 127.0.0.1:`port` on the host; rejects with a TunnelError. */
  openTunnel(port: number, timeoutMs: number): Promise<Duplex>;
}

/** This machine: a TCP socket to 127.0.0.1:`port`, connected (or refused) before it is handed over. */
export const LOCAL_TUNNEL: TunnelOpener = {
  openTunnel: (port, timeoutMs) =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new TunnelError('failed', `127.0.0.1:${port} did not accept a connection in ${timeoutMs} ms.`),
        );
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          err.code === 'ECONNREFUSED'
            ? new TunnelError('refused', `Nothing listens on 127.0.0.1:${port}.`)
            : new TunnelError('failed', `127.0.0.1:${port}: ${err.message}`),
        );
      });
    }),
};
