// A PostgreSQL poll through a tunnel: the peer poll's own sections (pgScript.ts pollSections, so
// one list of SQL serves both ways in), run through `pg` over the stream, and the rows
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

/** A statement's own error (the server said ERROR and the session goes on), not a connection gone. */
const statementError = (err: unknown): boolean => (err as { severity?: string }).severity === 'ERROR';

type Client = InstanceType<typeof import('pg').Client>;
interface RowsResult {
  rows: unknown[];
}

/**
 * Sections in one round trip: one simple-protocol message holding every section's SELECT, one
 * result each, printed after its marker as psql prints rows. A statement's error aborts the rest
 * of such a message, so then each section runs on its own (as psql with ON_ERROR_STOP=0 does:
 * a failed section is empty, its error on stderr, the others answered). Throws when the
 * connection is gone.
 */
async function readSections(
  client: Client,
  sections: [string, string][],
  stdout: string[],
  stderr: string[],
  gone: () => boolean,
): Promise<void> {
  const print = (name: string, rows: unknown[]): void => {
    stdout.push(`@@${name}`);
    for (const row of rows as (string | null)[][]) stdout.push(row.map(field).join('\t'));
  };
  if (sections.length === 0) return;
  try {
    const text = sections.map(([, sql]) => `${OWN_MARK} ${sql}`).join(';\n');
    const r = (await client.query({ text, rowMode: 'array' })) as unknown as RowsResult | RowsResult[];
    const results = Array.isArray(r) ? r : [r];
    if (results.length === sections.length) {
      sections.forEach(([name], i) => print(name, results[i]?.rows ?? []));
      return;
    }
  } catch (err) {
    if (gone() || !statementError(err)) throw err;
  }
  for (const [name, sql] of sections) {
    try {
      const r = await client.query({ text: `${OWN_MARK} ${sql}`, rowMode: 'array' });
      print(name, r.rows);
    } catch (err) {
      if (gone() || !statementError(err)) throw err;
      stdout.push(`@@${name}`);
      stderr.push(`psql: ERROR:  ${(err as Error).message}`);
    }
  }
}

/**
 * One poll: connect (the session's limits and name go in the login itself, no SET round trip),
 * then the sections in two messages: the server's own views, then pg_stat_statements (and texts),
 * which alone can fail on a server without the extension. The answer as psql's text.
 */
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
    // A poll never waits behind a lock or runs away: it gives up and the section is missing.
    lock_timeout: 1_000,
    statement_timeout: 10_000,
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
  // Not the 'client' section: it finds a faster psql on the host, which a tunnel never runs.
  const sections = pollSections(ask).filter(([n]) => n !== 'client');
  const needsExtension = (n: string): boolean => n === 'statements' || n === 'texts';
  try {
    await readSections(
      client,
      sections.filter(([n]) => !needsExtension(n)),
      stdout,
      stderr,
      gone,
    );
    await readSections(
      client,
      sections.filter(([n]) => needsExtension(n)),
      stdout,
      stderr,
      gone,
    );
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
