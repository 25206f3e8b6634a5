// A MySQL/MariaDB poll through a tunnel: the peer poll's own statements (mysql/command.ts
// mysqlStatements, one list for both ways in), each run through `mysql2` over the stream, the
// result sets printed as `mysql --batch --force` prints them (a header row, tab-separated values
// with \t \n \\ \0 escaped, NULL as NULL, nothing for an empty set, a refused statement as an
// ERROR line on stderr and the poll going on), so the same parse reads both. The driver is
// imported on the first tunnel poll only.
import type { Duplex } from 'node:stream';
import type { ServiceConfig } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { mysqlStatements } from '../mysql/command';
import type { PollAsk } from '../types';
import { ServiceProblemError } from '../types';

interface MysqlError extends Error {
  errno?: number;
  code?: string;
  sqlState?: string;
  fatal?: boolean;
}

/** A login or connection failure as a problem in words; never the password. */
export function mysqlConnectProblem(
  err: MysqlError,
  cfg: ServiceConfig,
  secretHow: string,
): ServiceProblemError {
  const user = cfg.dbUser ?? '?';
  if (err.errno === 1045 || err.errno === 1698)
    return new ServiceProblemError(
      'refused',
      `MySQL/MariaDB refused user ${user}'s password (or ${user}@127.0.0.1 / ${user}@localhost does not exist); set it again with ${secretHow}.`,
    );
  if (err.errno === 1049)
    return new ServiceProblemError(
      'setup',
      `MySQL/MariaDB has no database "${cfg.database ?? ''}": set the service's database, or clear it.`,
    );
  return new ServiceProblemError(
    'unreachable',
    `MySQL/MariaDB on port ${cfg.port} went away or did not answer the login (${err.message.slice(0, 200)}).`,
  );
}

/** A value as batch mode prints it. */
function batchValue(v: string | null | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  return v.replace(/[\\\t\n\0]/g, (c) =>
    c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\0' ? '\\0' : '\\\\',
  );
}

export async function readMysql(
  cfg: ServiceConfig,
  ask: PollAsk,
  stream: Duplex,
  password: string,
  secretHow: string,
): Promise<RunOutput> {
  const mysql = await import('mysql2/promise');
  let conn;
  try {
    conn = await mysql.createConnection({
      stream,
      user: cfg.dbUser ?? undefined,
      password,
      ...(cfg.database ? { database: cfg.database } : {}),
      rowsAsArray: true,
      // Every value as the server's text, as the mysql client prints it.
      typeCast: (f) => f.string(),
    });
  } catch (err) {
    stream.destroy();
    throw mysqlConnectProblem(err as MysqlError, cfg, secretHow);
  }
  conn.on('error', () => undefined);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const statements = mysqlStatements(ask);
  try {
    for (const [i, sql] of statements.entries()) {
      try {
        const [rows, fields] = await conn.query({ sql });
        if (!Array.isArray(rows) || rows.length === 0 || !fields) continue;
        stdout.push(fields.map((f) => batchValue(f.name)).join('\t'));
        for (const row of rows as (string | null)[][]) stdout.push(row.map(batchValue).join('\t'));
      } catch (err) {
        const e = err as MysqlError;
        if (e.fatal || stream.destroyed) throw err;
        stderr.push(`ERROR ${e.errno ?? 0} (${e.sqlState ?? 'HY000'}) at line ${i + 1}: ${e.message}`);
      }
    }
  } catch (err) {
    stream.destroy();
    throw new ServiceProblemError(
      'unreachable',
      `MySQL/MariaDB on port ${cfg.port} went away during the poll (${(err as Error).message.slice(0, 200)}).`,
    );
  }
  // Not awaited: the answer is complete; the goodbye is the server's to read.
  void conn.end().catch(() => undefined);
  return {
    exitCode: stderr.length ? 1 : 0,
    stdout: `${stdout.join('\n')}\n`,
    stderr: stderr.join('\n'),
    truncated: false,
  };
}
