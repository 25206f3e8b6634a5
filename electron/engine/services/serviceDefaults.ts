import {
  DEFAULT_LONG_QUERY_SEC,
  DEFAULT_SERVICE_INTERVAL_MS,
  DEFAULT_SERVICE_PORTS,
  serviceIdOf,
  type ServiceConfig,
  type ServiceInput,
  type ServiceKind,
} from '../../../shared/services';

/**
 * How each kind is reached unless the user says, and why. All three default to the client on
 * the host (peer), so nothing is opened and no password is kept:
 * - PostgreSQL: `sudo -n -u postgres psql` over the socket in /var/run/postgresql. Debian and
 *   Ubuntu's pg_hba.conf has `local all postgres peer`: this is how their ops reach a database,
 *   and the postgres role can read every view the poll needs (pg_stat_activity's query text
 *   of other users included).
 * - MySQL/MariaDB: `sudo -n -u root mysql` over /run/mysqld's socket. Debian's MariaDB gives
 *   root unix_socket authentication, again no password; performance_schema needs no grant.
 * - Redis: `redis-cli` as the login user. Redis on loopback takes no password by default (its
 *   protected mode only refuses other addresses); one that wants a password says NOAUTH, and
 *   the card then says to use a tunnel with a password.
 * A tunnel (a driver in Greenboard through a port forwarded over the same session) is the user's
 * choice: it needs a database user and a password kept, and sshd may refuse forwarding, where
 * peer access needs neither on a stock Debian/Ubuntu host.
 */
const PEER_DEFAULTS: Record<ServiceKind, Pick<ServiceConfig, 'osUser' | 'socketDir' | 'database'>> = {
  postgres: { osUser: 'postgres', socketDir: '/var/run/postgresql', database: 'postgres' },
  mysql: { osUser: 'root', socketDir: '/run/mysqld', database: null },
  redis: { osUser: null, socketDir: null, database: null },
};

/** A full config from what the user gave; `now` is when it was added. */
export function serviceConfigOf(input: ServiceInput, now: number): ServiceConfig {
  const port = input.port ?? DEFAULT_SERVICE_PORTS[input.kind];
  // A tunnel runs no client on the host: no OS user or socket to default to.
  const d =
    input.via === 'tunnel'
      ? { ...PEER_DEFAULTS[input.kind], osUser: null, socketDir: null }
      : PEER_DEFAULTS[input.kind];
  return {
    id: serviceIdOf(input.hostId, input.kind, port),
    hostId: input.hostId,
    kind: input.kind,
    port,
    via: input.via ?? 'peer',
    osUser: input.osUser === undefined ? d.osUser : input.osUser,
    socketDir: input.socketDir === undefined ? d.socketDir : input.socketDir,
    database: input.database === undefined ? d.database : input.database,
    dbUser: input.dbUser ?? null,
    intervalMs: input.intervalMs ?? DEFAULT_SERVICE_INTERVAL_MS,
    longQuerySec: input.longQuerySec ?? DEFAULT_LONG_QUERY_SEC,
    addedAt: now,
  };
}
