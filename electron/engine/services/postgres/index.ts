// The PostgreSQL driver: one psql run per poll through the host's SSH session. Peer access
// (`sudo -n -u postgres psql` over the local socket) is the default because that is how ops
// reach a Debian/Ubuntu cluster: no password to keep, no port to open, and the postgres role
// sees every session's query text and pg_stat_statements in full.
import type { ServiceDriver } from '../types';
import { derivePg } from './pgDerive';
import { parsePg, type PgSnapshot } from './pgParse';
import { isOwnStatement, pgCommand } from './pgScript';

export type { PgSnapshot } from './pgParse';

export const postgresDriver: ServiceDriver<PgSnapshot> = {
  kind: 'postgres',
  command: pgCommand,
  parse: parsePg,
  derive: derivePg,
  ownStatement: isOwnStatement,
};
