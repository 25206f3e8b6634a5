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

// The poll's own statements stay out of the top list. performance_schema strips comments from a
// digest's text (PostgreSQL's OWN_MARK would not survive), but keeps identifiers: each SELECT of
// the poll names its table `greenboard_poll`, each marker is `SELECT '@@name' AS `@@name``
// (a bare `SELECT '@@name'` would share the digest `SELECT ?` with every pool's `SELECT 1`).
// The SHOW statements cannot carry a name; they are known by their whole text, so the same SHOW
// from another monitor is left out too (a probe's, not an application's statement).
const OWN_ALIAS = 'greenboard_poll';
const OWN_SHOWS = [
  'SHOW GLOBAL VARIABLES WHERE `Variable_name` IN (...)',
  'SHOW GLOBAL STATUS WHERE `Variable_name` IN (...)',
  'SHOW SLAVE STATUS',
  'SHOW REPLICA STATUS',
];

/** Whether a digest's text is one of the poll's own statements (see OWN_ALIAS). */
export function isOwnStatement(text: string): boolean {
  const t = text.trim();
  return t.includes(`\`${OWN_ALIAS}\``) || /^SELECT \? AS `@@[a-z0-9]+`$/.test(t) || OWN_SHOWS.includes(t);
}

/** The same test in SQL, on performance_schema's DIGEST_TEXT. */
const NOT_OWN = `NOT (COALESCE(DIGEST_TEXT, '') LIKE '%\`${OWN_ALIAS}\`%' OR COALESCE(DIGEST_TEXT, '') LIKE 'SELECT ? AS \`@@%'
  OR TRIM(COALESCE(DIGEST_TEXT, '')) IN (${OWN_SHOWS.map((t) => `'${t}'`).join(', ')}))`;

const mark = (name: string): string => `SELECT '@@${name}' AS \`@@${name}\``;

// Sessions waiting on a row lock and the ones holding it, whatever their time (MariaDB and MySQL
// 5.7: information_schema's InnoDB lock views; MySQL 8 moved them to performance_schema's
// data_lock_waits, not read yet: there the section fails alone and blockedBy stays empty).
// A holder may be idle ("Sleep", no INFO) in an open transaction: it is listed all the same.
const LOCKS = `SELECT ID, USER, COMMAND, STATE, TIME, LEFT(INFO, 4096) AS INFO,
  (SELECT GROUP_CONCAT(DISTINCT b.trx_mysql_thread_id) FROM information_schema.INNODB_LOCK_WAITS w
    JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
    JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
    WHERE r.trx_mysql_thread_id = ${OWN_ALIAS}.ID) AS blocked_by
  FROM information_schema.PROCESSLIST AS ${OWN_ALIAS}
  JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = ${OWN_ALIAS}.ID
  WHERE ID <> CONNECTION_ID() AND t.trx_id IN (SELECT requesting_trx_id FROM information_schema.INNODB_LOCK_WAITS
    UNION SELECT blocking_trx_id FROM information_schema.INNODB_LOCK_WAITS) LIMIT 50`;

const NOT_QUERIES = `COMMAND NOT IN ('Sleep','Daemon','Binlog Dump','Binlog Dump GTID','Connect','Slave_IO','Slave_SQL','Slave_worker') AND USER <> 'system user' AND ID <> CONNECTION_ID() AND INFO IS NOT NULL`;

/** The statements of one poll, in order, markers included (the peer run joins them into one -e; a tunnel runs each). */
export function mysqlStatements(ask: PollAsk): string[] {
  // A number from the watch, not user text; still forced to a small integer before it meets SQL.
  const longSec = Math.min(86_400 * 365, Math.max(0, Math.floor(Number(ask.longQuerySec) || 0)));
  // Ids came from a server's answer: only well-formed digests are quoted into the IN list.
  const ids = ask.textsFor.filter((id) => DIGEST_RE.test(id)).slice(0, 50);
  const parts = [
    mark('vars'),
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('max_connections','performance_schema','version','version_comment')",
    mark('status'),
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('Uptime','Threads_connected','Threads_running','Questions','Slow_queries','Innodb_buffer_pool_read_requests','Innodb_buffer_pool_reads')",
    mark('oldest'),
    `SELECT COALESCE(MAX(TIME), 0) AS oldest FROM information_schema.PROCESSLIST AS ${OWN_ALIAS} WHERE ${NOT_QUERIES}`,
    mark('sessions'),
    `SELECT ID, USER, COMMAND, STATE, TIME, LEFT(INFO, 4096) AS INFO FROM information_schema.PROCESSLIST AS ${OWN_ALIAS} WHERE ${NOT_QUERIES} AND TIME >= ${longSec} ORDER BY TIME DESC LIMIT 20`,
    mark('locks'),
    LOCKS,
    mark('replica'),
    'SHOW SLAVE STATUS',
    // MySQL 8.4 knows only this spelling, 5.7 and MariaDB before 10.5 only the one above.
    mark('replica2'),
    'SHOW REPLICA STATUS',
    mark('digests'),
    `SELECT DIGEST, SUM(COUNT_STAR) AS calls, SUM(SUM_TIMER_WAIT) AS ps, SUM(SUM_ROWS_SENT) AS sent, SUM(SUM_ROWS_EXAMINED) AS examined FROM performance_schema.events_statements_summary_by_digest AS ${OWN_ALIAS} WHERE DIGEST IS NOT NULL AND ${NOT_OWN} GROUP BY DIGEST`,
  ];
  if (ids.length > 0)
    parts.push(
      mark('texts'),
      `SELECT DIGEST, LEFT(DIGEST_TEXT, 4096) AS text FROM performance_schema.events_statements_summary_by_digest AS ${OWN_ALIAS} WHERE DIGEST IN (${ids.map((id) => `'${id}'`).join(',')}) GROUP BY DIGEST`,
    );
  parts.push(mark('end'));
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
