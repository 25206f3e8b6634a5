// A `direct-tcpip` channel (RFC 4254 §7.2) on an existing SSH connection to 127.0.0.1:<port> as
// the host sees it: the way a driver in Greenboard reaches a database on the host's loopback with
// no port opened and no second login. sshd decides whether it allows it (AllowTcpForwarding,
// https://man.openbsd.org/sshd_config#AllowTcpForwarding; `no-port-forwarding` in
// authorized_keys), and says why not in the channel-open failure's reason code.
import type { Client, ClientChannel } from 'ssh2';
import { TunnelError } from '../collectors/tunnel';

/** SSH_OPEN_ADMINISTRATIVELY_PROHIBITED and SSH_OPEN_CONNECT_FAILED (RFC 4254 §5.1). */
const PROHIBITED = 1;
const CONNECT_FAILED = 2;

/** Opens the channel; rejects with a TunnelError saying why not, in words. */
export function forwardTo(
  client: Client,
  port: number,
  timeoutMs: number,
  where: string,
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(
        new TunnelError('failed', `${where} did not open a tunnel to port ${port} within ${timeoutMs} ms.`),
      );
    }, timeoutMs);
    try {
      client.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (err, ch) => {
        clearTimeout(timer);
        if (done) {
          // Opened after the deadline: nobody waits for it any more.
          ch?.close();
          return;
        }
        done = true;
        if (!err) return resolve(ch);
        const reason = (err as Error & { reason?: number }).reason;
        if (reason === PROHIBITED)
          reject(
            new TunnelError(
              'forbidden',
              `sshd on ${where} refuses port forwarding (AllowTcpForwarding no in sshd_config, or the key is restricted with no-port-forwarding). Allow local forwarding for the login user, or read the service through its client on the host (peer).`,
            ),
          );
        else if (reason === CONNECT_FAILED)
          reject(new TunnelError('refused', `Nothing accepts connections on 127.0.0.1:${port} on ${where}.`));
        else
          reject(
            new TunnelError('failed', `${where} could not open a tunnel to port ${port}: ${err.message}`),
          );
      });
    } catch (err) {
      clearTimeout(timer);
      done = true;
      reject(new TunnelError('failed', `${where}: ${(err as Error).message}`));
    }
  });
}
