// The PostgreSQL poll as one psql run: every query of a poll in one argv, each section's rows
// announced by a marker line, so one round trip over the SSH session answers all of it.
// Free text (queries, user, table and replica names) is sent hex-encoded: a tab or newline in a
// table name or a query must not be able to forge a row or a section.
// Supported: PostgreSQL 13-17 in full; 12 without top queries (pg_stat_statements has total_time
// there, not total_exec_time) and the poll says so in its notes.
import type { ServiceConfig } from '../../../../shared/services';
import type { PollAsk } from '../types';

/** Peer access on Debian/Ubuntu: the cluster's socket directory. */
export const DEFAULT_SOCKET_DIR = '/var/run/postgresql';
/** Tables (and indexes) smaller than this are not worth advice; sizes are relpages, read without a lock. */
export const BIG_TABLE_BYTES = 8 * 1024 * 1024;
export const UNUSED_INDEX_BYTES = 1024 * 1024;
/** Statement texts are cut to this many bytes (4 kB); the SQL cuts at as many characters first. */
export const TEXT_MAX_BYTES = 4096;
const MAX_TEXT_IDS = 50;

/** Free text as hex of its UTF-8 bytes: one token, no tab or newline whatever it holds. */
const hx = (expr: string): string => `encode(convert_to(${expr}, 'UTF8'), 'hex')`;

// The functions the pg_stat_activity and pg_stat_replication views are made of, not the views:
// a poll's backend is new each time, and expanding a view (its stored tree read and planned with
// its joins to pg_authid and pg_database) costs a cold backend more than the query itself (all
// sections: 12 -> 8 ms, measured by bench/servicePgBreakdown.ts). Same rows, same columns, the
// same hiding of other users' details to a role without pg_read_all_stats.
const ACTIVITY = 'pg_stat_get_activity(NULL)';

// shared_preload_libraries is readable by superusers and pg_read_all_settings only, and
// current_setting() raises an error to anyone else, which would lose the whole meta row: asked
// only of a role that may read it (pg_settings, which hides the row instead, costs 1-2 ms cold).
const PRELOAD =
  "CASE WHEN pg_has_role('pg_read_all_settings', 'USAGE') THEN current_setting('shared_preload_libraries') ELSE '' END";

const META = `SELECT current_setting('server_version_num'), current_setting('max_connections'),
  extract(epoch FROM now()), pg_is_in_recovery(), ${hx('current_database()')},
  (SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'), ${hx(PRELOAD)},
  (SELECT coalesce(max(extract(epoch FROM now() - query_start)), 0) FROM ${ACTIVITY}
    WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend')`;

const CONN = `SELECT coalesce(state, 'unknown'), count(*) FROM ${ACTIVITY}
  WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1`;

const DB = `SELECT sum(xact_commit), sum(xact_rollback), sum(blks_hit), sum(blks_read), sum(deadlocks),
  sum(temp_bytes) FROM pg_stat_database`;

// pg_stat_replication's own join. On a standby (cascading) the current position is the last received one.
const REPL = `SELECT ${hx("coalesce(nullif(a.application_name, ''), host(a.client_addr), w.pid::text)")}, coalesce(w.state, ''),
  pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END,
  w.replay_lsn), extract(epoch FROM w.replay_lag)
  FROM pg_stat_get_wal_senders() w JOIN ${ACTIVITY} a ON a.pid = w.pid`;

/**
 * Sessions past the threshold (statement or open transaction), blocked, or blocking; never the
 * poll itself. Only a session waiting on a lock can be blocked, so only those pay for
 * pg_blocking_pids (it takes the lock manager's locks).
 */
function sessionsSql(longSec: number): string {
  return `WITH a AS (SELECT pid, pg_get_userbyid(usesysid) AS usename, state, wait_event_type, wait_event, query,
    extract(epoch FROM now() - CASE WHEN state = 'active' THEN query_start ELSE xact_start END) AS run,
    CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid) ELSE '{}' END AS bl FROM ${ACTIVITY}
    WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND state IS DISTINCT FROM 'idle'),
  blockers AS (SELECT DISTINCT unnest(bl) AS pid FROM a)
  SELECT pid, ${hx("coalesce(usename, '')")}, coalesce(state, ''), round(coalesce(run, 0)::numeric, 1),
    coalesce(wait_event_type || ':' || wait_event, ''), array_to_string(bl, ','),
    coalesce(run, 0) >= ${longSec}, ${hx(`left(coalesce(query, ''), ${TEXT_MAX_BYTES})`)}
  FROM a WHERE coalesce(run, 0) >= ${longSec} OR cardinality(bl) > 0 OR pid IN (SELECT pid FROM blockers)
  ORDER BY run DESC NULLS LAST LIMIT 50`;
}

// Tables and indexes from pg_class and the pg_stat_get_* functions the pg_stat_user_* views are
// made of (same columns, same schemas left out): the views compute every table's index sums
// before the size filter, and cost a cold backend twice the planning (~2 ms a poll).
const USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'";
const BYTES = "c.relpages::bigint * current_setting('block_size')::bigint";

const TABLES = `SELECT ${hx("n.nspname || '.' || c.relname")}, ${BYTES},
  pg_stat_get_live_tuples(c.oid), pg_stat_get_dead_tuples(c.oid), pg_stat_get_numscans(c.oid), pg_stat_get_tuples_returned(c.oid),
  coalesce((SELECT sum(pg_stat_get_numscans(i.indexrelid)) FROM pg_index i WHERE i.indrelid = c.oid), 0),
  coalesce((SELECT sum(pg_stat_get_tuples_fetched(i.indexrelid)) FROM pg_index i WHERE i.indrelid = c.oid)
    + pg_stat_get_tuples_fetched(c.oid), 0),
  extract(epoch FROM now() - greatest(pg_stat_get_last_vacuum_time(c.oid), pg_stat_get_last_autovacuum_time(c.oid))),
  age(c.relfrozenxid)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 't', 'm', 'p') AND ${USER_SCHEMA} AND ${BYTES} > ${BIG_TABLE_BYTES}
  ORDER BY c.relpages DESC LIMIT 10`;

const UNUSED = `SELECT ${hx("n.nspname || '.' || t.relname")}, ${hx('c.relname')}, ${BYTES}
  FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE t.relkind IN ('r', 't', 'm') AND ${USER_SCHEMA} AND NOT x.indisunique AND NOT x.indisprimary
    AND ${BYTES} > ${UNUSED_INDEX_BYTES} AND pg_stat_get_numscans(c.oid) = 0
  ORDER BY c.relpages DESC LIMIT 20`;

// showtext = false: the texts file is not read for 5,000 rows. Rows are sent raw (no GROUP BY,
// no numeric rounding: each doubles the query's server time at 5,000 statements); parse sums the
// rows of one queryid (per user, database, top level) into one statement. The total time goes
// as whole microseconds (an int8 cast is cheap where numeric rounding is not): at 5,000
// statements that is 140 kB instead of 200 kB, and 2 ms less of the server's time.
// All rows go as one text value, a line per row (string_agg with no GROUP BY: one pass): psql
// prints it as it would have printed the rows, and a driver reads one field instead of 5,000
// rows (measured through pg at 5,000 statements, same bytes: the section 17 -> 12 ms, pg's CPU
// for it 5.4 -> 0.9 ms).
// The last line, all empty, says the read finished: an empty section alone could be a timeout,
// and taking it for "no statements" would count every statement's lifetime in the next interval.
const STATEMENTS = `SELECT coalesce(string_agg(queryid || E'\\t' || calls || E'\\t' || (total_exec_time * 1000)::int8 || E'\\t'
    || rows || E'\\t' || (shared_blks_hit + shared_blks_read), E'\\n') || E'\\n', '') || E'\\t\\t\\t\\t'
  FROM pg_stat_statements(false) WHERE queryid IS NOT NULL`;

// The server's own bin dir (Debian: /usr/lib/postgresql/15/bin), where its versioned psql is:
// /usr/bin/psql on Debian and Ubuntu is pg_wrapper, a Perl script that costs ~40 ms a poll to
// pick that same binary. Superusers only (pg_config), so its own statement: a role that may not
// read it loses this section alone. Asked only until a poll runs with the path it gave.
const CLIENT = `SELECT ${hx('setting')} FROM pg_config WHERE name = 'BINDIR'`;

function textsSql(ids: readonly string[]): string {
  return `SELECT DISTINCT ON (queryid) queryid, ${hx(`left(query, ${TEXT_MAX_BYTES})`)}
  FROM pg_stat_statements(true) WHERE queryid = ANY('{${ids.join(',')}}'::bigint[])`;
}

/** Query ids a poll may ask texts for: signed 64-bit integers as text, nothing else reaches the SQL. */
export function validQueryIds(ids: readonly string[]): string[] {
  const ok = ids.filter(
    (id) =>
      /^-?\d{1,19}$/.test(id) && BigInt(id) <= 9223372036854775807n && BigInt(id) >= -9223372036854775808n,
  );
  return [...new Set(ok)].slice(0, MAX_TEXT_IDS);
}

/** The sections of a poll, in order: [marker, sql]. */
export function pollSections(ask: PollAsk): [string, string][] {
  const longSec = Number.isFinite(ask.longQuerySec) ? Math.max(0, Math.floor(ask.longQuerySec)) : 300;
  const sections: [string, string][] = [
    ['meta', META],
    ['conn', CONN],
    ['db', DB],
    ['repl', REPL],
    ['sessions', sessionsSql(longSec)],
    ['tables', TABLES],
    ['unused', UNUSED],
    ['statements', STATEMENTS],
  ];
  if (!clientPath(ask.client)) sections.push(['client', CLIENT]);
  const ids = validQueryIds(ask.textsFor);
  if (ids.length > 0) sections.push(['texts', textsSql(ids)]);
  return sections;
}

/**
 * A psql path the poll may run: absolute, plain characters, no "..", named psql. It came from a
 * server's answer (pg_config), so it is checked here again before it becomes argv[0].
 */
export function clientPath(path: string | null | undefined): string | null {
  if (!path || path.length > 200 || !/^\/[A-Za-z0-9_.+/-]*\/psql$/.test(path)) return null;
  return path.split('/').includes('..') ? null : path;
}

/**
 * The argv of one poll. As `cfg.osUser` through `sudo -n` (never prompts) when set; when null the
 * login user runs psql itself (the runner cannot know the login user, so null means "no sudo").
 * Errors do not stop the script (ON_ERROR_STOP=0): a missing extension loses one section, not the poll.
 */
export function pgCommand(cfg: ServiceConfig, ask: PollAsk): string[] {
  const sudo = cfg.osUser ? ['sudo', '-n', '-u', cfg.osUser] : [];
  const conn = [
    '-h',
    cfg.socketDir ?? DEFAULT_SOCKET_DIR,
    '-p',
    String(cfg.port),
    '-d',
    cfg.database ?? 'postgres',
  ];
  const psql = [
    clientPath(ask.client) ?? 'psql',
    '-X',
    '-q',
    '-A',
    '-t',
    '-F',
    '\t',
    '-v',
    'ON_ERROR_STOP=0',
    ...conn,
  ];
  // A poll never waits behind a lock or runs away: it gives up and the section is missing.
  const settings =
    "SET lock_timeout = '1s'; SET statement_timeout = '10s'; SET application_name = 'greenboard'";
  // Each marker is psql's own \echo: printed by psql, no round trip to the server (nine of them
  // as SELECTs cost ~2 ms). So a marker alone does not say its section was answered: parse
  // takes an answer as whole only when the statements section's end row came.
  const cmds = pollSections(ask).flatMap(([name, sql]) => [
    '-c',
    `\\echo @@${name}`,
    '-c',
    `${OWN_MARK} ${sql}`,
  ]);
  return [...sudo, ...psql, '-c', `${OWN_MARK} ${settings}`, ...cmds];
}

/**
 * Every statement of a poll opens with this comment, which pg_stat_statements keeps in the text
 * it stores: the poll's own statements are then known by their text and left out of the top
 * list (they would be a few rows of every interval's twenty).
 */
export const OWN_MARK = '/* greenboard poll */';

export function isOwnStatement(text: string): boolean {
  return text.trimStart().startsWith(OWN_MARK);
}
