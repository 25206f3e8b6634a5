// One poll through a tunnel: a stream to the service's port on the host's loopback over the
// host's existing SSH session (or a TCP socket on this machine), the kind's reader with its
// driver over it, and the answer as the text the peer client would have printed, so every
// kind's parse and derive stay one code path.
//
// One connection per poll, closed after it, not one held between polls: a held connection is a
// resident backend on the server (a PostgreSQL process, a MySQL thread) that the target
// rules out ("no resident process on the host"), and it would need its own health and reconnect
// logic. What a poll pays instead is a channel open on the existing session and the login
// (SCRAM for PostgreSQL: a few ms), once per interval.
//
// No TLS to the database: the bytes travel inside the SSH session, and the server sees a
// connection from its own loopback (which is what pg_hba.conf or a MySQL user@host must allow).
import type { Duplex } from 'node:stream';
import { DEFAULT_SERVICE_PORTS, SERVICE_LABELS, type ServiceConfig } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { TunnelError, type TunnelOpener } from '../../collectors/tunnel';
import { ServiceProblemError, type PollAsk } from '../types';

/** Where the user sets the password, in words (the form, or the CLI), for problems that need it. */
export function secretHow(cfg: ServiceConfig): string {
  const user = cfg.dbUser ? ` --db-user ${cfg.dbUser}` : '';
  return (
    `the password field of the service's form on the host page, or ` +
    `"greenboard services add ${cfg.hostId} --kind ${cfg.kind} --port ${cfg.port} --via tunnel${user} --password-stdin"`
  );
}

/** What a tunnel poll needs before it opens anything; throws a 'setup' problem saying what is missing. */
function checkReady(cfg: ServiceConfig, secret: string | null): void {
  if (cfg.kind === 'redis') return; // a Redis may take no password
  const label = SERVICE_LABELS[cfg.kind];
  if (!cfg.dbUser)
    throw new ServiceProblemError(
      'setup',
      `A tunnel to ${label} logs in as a database user: set the service's DB user (--db-user).`,
    );
  if (secret === null)
    throw new ServiceProblemError(
      'setup',
      `No password is kept for ${label} user ${cfg.dbUser}: set it with ${secretHow(cfg)}.`,
    );
}

/** The CLI line that reads the service through its client on the host instead. */
function peerHow(cfg: ServiceConfig): string {
  const port = cfg.port === DEFAULT_SERVICE_PORTS[cfg.kind] ? '' : ` --port ${cfg.port}`;
  return `greenboard services add ${cfg.hostId} --kind ${cfg.kind}${port} --via peer`;
}

function tunnelProblem(err: TunnelError, cfg: ServiceConfig): ServiceProblemError {
  // Said per service (the opener's words are about any port): what to allow, or the other way in.
  if (err.reason === 'forbidden')
    return new ServiceProblemError(
      'setup',
      `sshd on ${cfg.hostId} refuses port forwarding (AllowTcpForwarding no in sshd_config, or the key is restricted with no-port-forwarding): allow it for the login user, or use --via peer to read ${SERVICE_LABELS[cfg.kind]} through its client on the host ("${peerHow(cfg)}", or "Its own client on the host" in the service's form).`,
    );
  if (err.reason === 'refused')
    return new ServiceProblemError(
      'unreachable',
      `${SERVICE_LABELS[cfg.kind]} is not running on port ${cfg.port} of the host: ${err.message}`,
    );
  return new ServiceProblemError('unreachable', err.message);
}

function read(cfg: ServiceConfig, ask: PollAsk, stream: Duplex, secret: string | null): Promise<RunOutput> {
  const how = secretHow(cfg);
  switch (cfg.kind) {
    case 'postgres':
      return import('./pgTunnel').then((m) => m.readPostgres(cfg, ask, stream, secret ?? '', how));
    case 'mysql':
      return import('./mysqlTunnel').then((m) => m.readMysql(cfg, ask, stream, secret ?? '', how));
    case 'redis':
      return import('./redisTunnel').then((m) => m.readRedis(cfg, stream, secret, how));
  }
}

/**
 * The service's answer through a tunnel, as RunOutput (timedOut set when the deadline passed,
 * and the stream then closed). Throws a ServiceProblemError for what the tunnel or the login
 * said; any other throw means the host's session is down.
 */
export async function runTunnel(
  cfg: ServiceConfig,
  ask: PollAsk,
  opener: TunnelOpener,
  secret: string | null,
  timeoutMs: number,
): Promise<RunOutput> {
  checkReady(cfg, secret);
  const deadline = performance.now() + timeoutMs;
  let stream: Duplex;
  try {
    stream = await opener.openTunnel(cfg.port, timeoutMs);
  } catch (err) {
    if (err instanceof TunnelError) throw tunnelProblem(err, cfg);
    throw err;
  }
  // An SSH channel stays half open when the far end closes (sshd sends EOF; the channel closes
  // only once this side ends too), where a TCP socket closes itself; the drivers wait for that
  // close. Ending this side on EOF makes a server that died mid-poll a closed stream at once.
  stream.once('end', () => stream.end());
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<RunOutput>((resolve) => {
    timer = setTimeout(
      () => {
        stream.destroy();
        resolve({ exitCode: null, stdout: '', stderr: '', truncated: false, timedOut: true });
      },
      Math.max(0, deadline - performance.now()),
    );
  });
  // A server that dies mid-poll closes the forwarded stream; a driver waiting for a handshake
  // reply may never say so (mysql2 waits on), so the close itself ends the poll. After one turn
  // of the event loop: a driver that read an error first (a refused login) has said it by then.
  const closed = new Promise<never>((_, reject) =>
    stream.once('close', () =>
      setImmediate(() =>
        reject(
          new ServiceProblemError(
            'unreachable',
            `${SERVICE_LABELS[cfg.kind]} on port ${cfg.port} closed the connection during the poll (stopped or restarting).`,
          ),
        ),
      ),
    ),
  );
  const answer = read(cfg, ask, stream, secret);
  // The reader's own failure after the deadline (its stream closed under it) is not news.
  answer.catch(() => undefined);
  closed.catch(() => undefined);
  try {
    return await Promise.race([answer, late, closed]);
  } finally {
    clearTimeout(timer);
  }
}
