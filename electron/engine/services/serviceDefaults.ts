import {
  DEFAULT_LONG_QUERY_SEC,
  DEFAULT_SERVICE_VIA,
  DEFAULT_SERVICE_INTERVAL_MS,
  DEFAULT_SERVICE_PORTS,
  serviceIdOf,
  type ServiceConfig,
  type ServiceInput,
  type ServiceKind,
} from '../../../shared/services';

/**
 * How each kind is reached unless the user says (DEFAULT_SERVICE_VIA in shared/services.ts), and
 * why. Nothing is installed or left running on the host either way.
 * - PostgreSQL, peer: `sudo -n -u postgres psql` over the socket in /var/run/postgresql. Debian
 *   and Ubuntu's pg_hba.conf has `local all postgres peer`: this is how their ops reach a
 *   database, no password to keep, and the postgres role can read every view the poll needs
 *   (pg_stat_activity's query text of other users included). A tunnel would need a login role
 *   and its password first.
 * - MySQL/MariaDB, peer: `sudo -n -u root mysql` over /run/mysqld's socket. Debian's MariaDB
 *   gives root unix_socket authentication, again no password; performance_schema needs no grant.
 * - Redis, tunnel: ioredis in Greenboard over a port forwarded on the session already open.
 *   Measured (bench: BENCH_ONLY=services and BENCH_ONLY=tunnel, a prometheus-redis-exporter
 *   scraped in the same run): the client on the host costs a shell and two redis-cli processes
 *   per poll, 5.5-6.6x the CPU of a scrape (exporter and server), and cannot be less than one
 *   process per poll (INFO and SLOWLOG share one redis-cli, the timed PINGs cannot); the tunnel
 *   starts no process on the host and costs 1-2x a scrape, all of it counted (Greenboard's driver
 *   and SSH crypto included, where Prometheus's own share of a scrape is not), and answers in
 *   6 ms where the client takes 70-80. Redis on loopback takes no password by default (protected
 *   mode only refuses other addresses), so the tunnel needs no secret kept; one that wants a
 *   password says NOAUTH, and the card says where to set it. Where sshd refuses forwarding
 *   (AllowTcpForwarding no), the card says so and names the peer way (--via peer).
 * A database through a tunnel (the user's choice) logs in as a role with a password kept like
 * the other secrets.
 */
const PEER_DEFAULTS: Record<ServiceKind, Pick<ServiceConfig, 'osUser' | 'socketDir' | 'database'>> = {
  postgres: { osUser: 'postgres', socketDir: '/var/run/postgresql', database: 'postgres' },
  mysql: { osUser: 'root', socketDir: '/run/mysqld', database: null },
  redis: { osUser: null, socketDir: null, database: null },
};

/** A full config from what the user gave; `now` is when it was added. */
export function serviceConfigOf(input: ServiceInput, now: number): ServiceConfig {
  const port = input.port ?? DEFAULT_SERVICE_PORTS[input.kind];
  const via = input.via ?? DEFAULT_SERVICE_VIA[input.kind];
  // A tunnel runs no client on the host: no OS user or socket to default to.
  const d =
    via === 'tunnel'
      ? { ...PEER_DEFAULTS[input.kind], osUser: null, socketDir: null }
      : PEER_DEFAULTS[input.kind];
  return {
    id: serviceIdOf(input.hostId, input.kind, port),
    hostId: input.hostId,
    kind: input.kind,
    port,
    via,
    osUser: input.osUser === undefined ? d.osUser : input.osUser,
    socketDir: input.socketDir === undefined ? d.socketDir : input.socketDir,
    database: input.database === undefined ? d.database : input.database,
    dbUser: input.dbUser ?? null,
    intervalMs: input.intervalMs ?? DEFAULT_SERVICE_INTERVAL_MS,
    longQuerySec: input.longQuerySec ?? DEFAULT_LONG_QUERY_SEC,
    addedAt: now,
  };
}
