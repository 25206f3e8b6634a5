// How one MySQL/MariaDB poll is asked for: ONE `mysql` run with every query of the poll in -e,
// a marker SELECT before each (`SELECT '@@status'`), batch mode WITH column headers: SHOW SLAVE
// STATUS has fifty-odd columns that differ by version, and an empty result set then prints
// nothing at all. --force goes on past a query the server refuses (no privilege on
// performance_schema, SHOW REPLICA STATUS on an old server), so one missing grant costs one
// section, not the poll. Peer access: the unix socket as the OS user (Debian's root@localhost
// uses unix_socket authentication), so no password exists anywhere.
import type { ServiceConfig } from '../../../../shared/services';
import type { PollAsk } from '../types';

/** performance_schema digests: MariaDB's are 32 hex digits (MD5), MySQL 8's 64 (SHA-256). */
export const DIGEST_RE = /^[0-9a-f]{32,64}$/;

const NOT_QUERIES = `COMMAND NOT IN ('Sleep','Daemon','Binlog Dump','Binlog Dump GTID','Connect','Slave_IO','Slave_SQL','Slave_worker') AND USER <> 'system user' AND ID <> CONNECTION_ID() AND INFO IS NOT NULL`;

/** The statements of one poll, in order, markers included (the peer run joins them into one -e; a tunnel runs each). */
export function mysqlStatements(ask: PollAsk): string[] {
  // A number from the watch, not user text; still forced to a small integer before it meets SQL.
  const longSec = Math.min(86_400 * 365, Math.max(0, Math.floor(Number(ask.longQuerySec) || 0)));
  // Ids came from a server's answer: only well-formed digests are quoted into the IN list.
  const ids = ask.textsFor.filter((id) => DIGEST_RE.test(id)).slice(0, 50);
  const parts = [
    "SELECT '@@vars'",
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('max_connections','performance_schema','version','version_comment')",
    "SELECT '@@status'",
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('Uptime','Threads_connected','Threads_running','Questions','Slow_queries','Innodb_buffer_pool_read_requests','Innodb_buffer_pool_reads')",
    "SELECT '@@oldest'",
    `SELECT COALESCE(MAX(TIME), 0) AS oldest FROM information_schema.PROCESSLIST WHERE ${NOT_QUERIES}`,
    "SELECT '@@sessions'",
    `SELECT ID, USER, COMMAND, STATE, TIME, LEFT(INFO, 4096) AS INFO FROM information_schema.PROCESSLIST WHERE ${NOT_QUERIES} AND TIME >= ${longSec} ORDER BY TIME DESC LIMIT 20`,
    "SELECT '@@replica'",
    'SHOW SLAVE STATUS',
    // MySQL 8.4 knows only this spelling, 5.7 and MariaDB before 10.5 only the one above.
    "SELECT '@@replica2'",
    'SHOW REPLICA STATUS',
    "SELECT '@@digests'",
    'SELECT DIGEST, SUM(COUNT_STAR) AS calls, SUM(SUM_TIMER_WAIT) AS ps, SUM(SUM_ROWS_SENT) AS sent, SUM(SUM_ROWS_EXAMINED) AS examined FROM performance_schema.events_statements_summary_by_digest WHERE DIGEST IS NOT NULL GROUP BY DIGEST',
  ];
  if (ids.length > 0)
    parts.push(
      "SELECT '@@texts'",
      `SELECT DIGEST, LEFT(DIGEST_TEXT, 4096) AS text FROM performance_schema.events_statements_summary_by_digest WHERE DIGEST IN (${ids.map((id) => `'${id}'`).join(',')}) GROUP BY DIGEST`,
    );
  parts.push("SELECT '@@end'");
  return parts;
}

/** The argv of one poll; `sudo -n -u` only when an OS user is set (the login user is unknown here). */
export function mysqlCommand(cfg: ServiceConfig, ask: PollAsk): string[] {
  const sudo = cfg.osUser ? ['sudo', '-n', '-u', cfg.osUser] : [];
  const socket = cfg.socketDir ? [`--socket=${cfg.socketDir.replace(/\/+$/, '')}/mysqld.sock`] : [];
  return [
    ...sudo,
    'mysql',
    ...socket,
    '--batch',
    '--force',
    '--connect-timeout=5',
    '-e',
    mysqlStatements(ask).join(';\n'),
  ];
}
