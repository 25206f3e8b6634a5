// A PostgreSQL poll through a tunnel: the peer poll's own sections (pgScript.ts pollSections, so
// one list of SQL serves both ways in), each run through `pg` over the stream, and the rows
// printed as psql -A -t -F '\t' prints them (marker lines, tab-separated fields, booleans t/f,
// NULL as empty), so pgParse reads both answers the same way. The driver is imported on the first
// tunnel poll only: a CLI command that never polls through a tunnel never loads it.
import type { Duplex } from 'node:stream';
import type { ServiceConfig } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { OWN_MARK, pollSections } from '../postgres/pgScript';
import type { PollAsk } from '../types';
import { ServiceProblemError } from '../types';
import { socketLike } from './socketLike';

/** Every value as the server's text: what psql prints, and what pgParse reads. */
const RAW = { getTypeParser: () => (v: string) => v };

interface PgError extends Error {
  code?: string;
}

/** A login or connection failure as a problem in words; never the password. */
export function pgConnectProblem(err: PgError, cfg: ServiceConfig, secretHow: string): ServiceProblemError {
  const user = cfg.dbUser ?? '?';
  if (err.code === '28P01' || err.code === '28000')
    return new ServiceProblemError(
      'refused',
      `PostgreSQL refused user ${user}'s password (or there is no such role, or pg_hba.conf has no entry for it over TCP from 127.0.0.1); set it again with ${secretHow}.`,
    );
  if (err.code === '3D000')
    return new ServiceProblemError(
      'setup',
      `PostgreSQL has no database "${cfg.database ?? 'postgres'}": set the service's database.`,
    );
  if (err.code === '57P03' || err.code === '57P01')
    return new ServiceProblemError(
      'unreachable',
      `PostgreSQL is starting up or shutting down (${err.message}).`,
    );
  return new ServiceProblemError(
    'unreachable',
    `PostgreSQL on port ${cfg.port} went away or did not answer the login (${err.message.slice(0, 200)}).`,
  );
}

/** Every value is the server's text (the RAW parsers); NULL prints as nothing, as psql -A does. */
const field = (v: string | null | undefined): string => v ?? '';

/** One poll: connect, the session's limits, every section; the answer as psql's text. */
export async function readPostgres(
  cfg: ServiceConfig,
  ask: PollAsk,
  stream: Duplex,
  password: string,
  secretHow: string,
): Promise<RunOutput> {
  const { Client } = await import('pg');
  const client = new Client({
    stream: () => socketLike(stream),
    user: cfg.dbUser ?? undefined,
    password,
    database: cfg.database ?? 'postgres',
    application_name: 'greenboard',
    types: RAW,
  });
  // A stream that dies after the login is an 'error' on the client: kept, not thrown.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    stream.destroy();
    throw pgConnectProblem(err as PgError, cfg, secretHow);
  }
  const gone = (): boolean => stream.destroyed || !stream.readable;
  const stdout: string[] = [];
  const stderr: string[] = [];
  try {
    await client.query(
      `${OWN_MARK} SET lock_timeout = '1s'; SET statement_timeout = '10s'; SET application_name = 'greenboard'`,
    );
    // Not the 'client' section: it finds a faster psql on the host, which a tunnel never runs.
    for (const [name, sql] of pollSections(ask).filter(([n]) => n !== 'client')) {
      stdout.push(`@@${name}`);
      try {
        const r = await client.query({ text: `${OWN_MARK} ${sql}`, rowMode: 'array' });
        for (const row of r.rows as (string | null)[][]) stdout.push(row.map(field).join('\t'));
      } catch (err) {
        if (gone()) throw err;
        // As psql with ON_ERROR_STOP=0: the section is empty, its error on stderr, the poll goes on.
        stderr.push(`psql: ERROR:  ${(err as Error).message}`);
      }
    }
  } catch (err) {
    stream.destroy();
    // The server went away (stopped, killed, restarting): a half answer is not a reading.
    throw new ServiceProblemError(
      'unreachable',
      `PostgreSQL on port ${cfg.port} went away during the poll (${(err as Error).message.slice(0, 200)}).`,
    );
  }
  // Not awaited: the answer is complete; the goodbye is the server's to read.
  void client.end().catch(() => undefined);
  return { exitCode: 0, stdout: `${stdout.join('\n')}\n`, stderr: stderr.join('\n'), truncated: false };
}
