// The PostgreSQL poll as it was before its SQL and its tunnel reader were made faster (branch
// svcfast), kept for the benchmark's before/after rows in the same run: the pg_stat_activity and
// pg_stat_replication views (a new backend expands them each poll), shared_preload_libraries from
// pg_settings, pg_stat_statements as 5,000 rows; and through a tunnel, a SET round trip and one
// query per section. Everything else (argv, markers, parse, derive) is today's.
import type { Duplex } from 'node:stream';
import type { ServiceConfig } from '../shared/services';
import type { RunOutput } from '../electron/engine/collectors/types';
import { OWN_MARK, pollSections, TEXT_MAX_BYTES } from '../electron/engine/services/postgres/pgScript';
import type { PollAsk } from '../electron/engine/services/types';
import { socketLike } from '../electron/engine/services/tunnel/socketLike';

const hx = (expr: string): string => `encode(convert_to(${expr}, 'UTF8'), 'hex')`;

const PREVIOUS: Record<string, (longSec: number) => string> = {
  meta: () => `SELECT current_setting('server_version_num'), current_setting('max_connections'),
  extract(epoch FROM now()), pg_is_in_recovery(), ${hx('current_database()')},
  (SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'),
  ${hx("coalesce((SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'), '')")},
  (SELECT coalesce(max(extract(epoch FROM now() - query_start)), 0) FROM pg_stat_activity
    WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend')`,
  conn: () => `SELECT coalesce(state, 'unknown'), count(*) FROM pg_stat_activity
  WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1`,
  repl: () => `SELECT ${hx("coalesce(nullif(application_name, ''), host(client_addr), pid::text)")}, coalesce(state, ''),
  pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END,
  replay_lsn), extract(epoch FROM replay_lag) FROM pg_stat_replication`,
  sessions: (longSec) => `WITH a AS (SELECT pid, usename, state, wait_event_type, wait_event, query,
    extract(epoch FROM now() - CASE WHEN state = 'active' THEN query_start ELSE xact_start END) AS run,
    CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid) ELSE '{}' END AS bl FROM pg_stat_activity
    WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND state IS DISTINCT FROM 'idle'),
  blockers AS (SELECT DISTINCT unnest(bl) AS pid FROM a)
  SELECT pid, ${hx("coalesce(usename, '')")}, coalesce(state, ''), round(coalesce(run, 0)::numeric, 1),
    coalesce(wait_event_type || ':' || wait_event, ''), array_to_string(bl, ','),
    coalesce(run, 0) >= ${longSec}, ${hx(`left(coalesce(query, ''), ${TEXT_MAX_BYTES})`)}
  FROM a WHERE coalesce(run, 0) >= ${longSec} OR cardinality(bl) > 0 OR pid IN (SELECT pid FROM blockers)
  ORDER BY run DESC NULLS LAST LIMIT 50`,
  statements:
    () => `SELECT queryid, calls, (total_exec_time * 1000)::int8, rows, shared_blks_hit + shared_blks_read
  FROM pg_stat_statements(false) WHERE queryid IS NOT NULL
  UNION ALL SELECT NULL, NULL, NULL, NULL, NULL`,
};

/** The sections as they were: today's list with the previous SQL where it differed. */
export function previousSections(ask: PollAsk): [string, string][] {
  return pollSections(ask).map(([name, sql]) => [name, PREVIOUS[name]?.(ask.longQuerySec) ?? sql]);
}

/** A peer argv (pgCommand's) with each section's SQL put back as it was. */
export function previousArgv(argv: readonly string[], ask: PollAsk): string[] {
  const was = new Map(
    pollSections(ask).map(([, sql], i) => [
      `${OWN_MARK} ${sql}`,
      `${OWN_MARK} ${previousSections(ask)[i]![1]}`,
    ]),
  );
  const out = argv.map((a) => was.get(a) ?? a);
  if (out.filter((a, i) => a !== argv[i]).length !== Object.keys(PREVIOUS).length)
    throw new Error('previousArgv: the poll argv no longer holds the sections it replaces');
  return out;
}

/** The tunnel reader as it was: SET, then one query per section, each printed as psql prints rows. */
export async function previousTunnelAnswer(
  cfg: ServiceConfig,
  ask: PollAsk,
  stream: Duplex,
  password: string,
): Promise<RunOutput> {
  const { Client } = await import('pg');
  const client = new Client({
    stream: () => socketLike(stream),
    user: cfg.dbUser ?? undefined,
    password,
    database: cfg.database ?? 'postgres',
    application_name: 'greenboard',
    types: { getTypeParser: () => (v: string) => v },
  });
  client.on('error', () => undefined);
  await client.connect();
  const stdout: string[] = [];
  try {
    await client.query(
      `${OWN_MARK} SET lock_timeout = '1s'; SET statement_timeout = '10s'; SET application_name = 'greenboard'`,
    );
    for (const [name, sql] of previousSections(ask).filter(([n]) => n !== 'client')) {
      stdout.push(`@@${name}`);
      const r = await client.query({ text: `${OWN_MARK} ${sql}`, rowMode: 'array' });
      for (const row of r.rows as (string | null)[][]) stdout.push(row.map((v) => v ?? '').join('\t'));
    }
  } finally {
    void client.end().catch(() => undefined);
  }
  return { exitCode: 0, stdout: `${stdout.join('\n')}\n`, stderr: '', truncated: false };
}
