// Pure tests of the PostgreSQL parse and derive: first poll, counter resets, statements new in an
// interval, a recorded pg_stat_replication answer, hostile rows, advice and notes in words.
import { describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../../shared/services';
import { derivePg, humanCount } from './pgDerive';
import { ServiceProblemError } from '../types';
import { parsePg, type PgSnapshot, type PgStatement, type PgTable } from './pgParse';
import { clientPath, pgCommand, validQueryIds } from './pgScript';

const cfg: ServiceConfig = {
  id: 'db-1/postgres',
  hostId: 'db-1',
  kind: 'postgres',
  port: 5432,
  via: 'peer',
  osUser: 'postgres',
  socketDir: null,
  database: null,
  dbUser: null,
  intervalMs: 10_000,
  longQuerySec: 30,
  addedAt: 0,
};
const ctx = { serviceId: cfg.id, ts: 1000, elapsedMs: 10_000, pollMs: 12 };

function snap(over: Partial<PgSnapshot> = {}): PgSnapshot {
  return {
    versionNum: 150_018,
    maxConnections: 200,
    database: 'postgres',
    inRecovery: false,
    extInstalled: true,
    extPreloaded: true,
    oldestQuerySec: 0,
    conn: { active: 2, idle: 5, 'idle in transaction': 1 },
    db: { commits: 1000, rollbacks: 10, blksHit: 9000, blksRead: 1000, deadlocks: 0, tempBytes: 0 },
    replicas: [],
    sessions: [],
    tables: [],
    unusedIndexes: [],
    statements: new Map(),
    statementsError: null,
    texts: new Map(),
    client: null,
    truncated: false,
    ...over,
  };
}

const stmt = (calls: number, totalMs: number, rows = calls, blocks = calls): PgStatement => ({
  calls,
  totalMs,
  rows,
  blocks,
});

const META =
  '@@meta\n150018\t100\t1796677093.369995\tf\t706f737467726573\t1\t70675f737461745f73746174656d656e7473\t0\n';
const out = (stdout: string, stderr = '') => ({ exitCode: 0, stdout, stderr, truncated: false });

describe('derivePg', () => {
  it('has gauges but no rates or top queries on the first poll', () => {
    const r = derivePg(null, snap({ statements: new Map([['1', stmt(5, 50)]]) }), ctx).reading;
    expect(r.metrics['pg.connections']).toBe(8);
    expect(r.metrics['pg.connections_pct']).toBe(4);
    expect(r.metrics['pg.conn_idle_in_tx']).toBe(1);
    expect(r.metrics['pg.tps']).toBeNull();
    expect(r.metrics['pg.cache_hit_pct']).toBeNull();
    expect(r.metrics['pg.statements']).toBe(1);
    expect(r.topQueries).toEqual([]);
  });

  it('gives rates over the interval, and none (never negative) after a counter reset', () => {
    const prev = snap();
    const cur = snap({
      db: { commits: 1500, rollbacks: 20, blksHit: 9900, blksRead: 1100, deadlocks: 1, tempBytes: 8192 },
    });
    const m = derivePg(prev, cur, ctx).reading.metrics;
    expect(m['pg.tps']).toBe(51);
    expect(m['pg.rollbacks_ps']).toBe(1);
    expect(m['pg.cache_hit_pct']).toBe(90);
    expect(m['pg.deadlocks_ps']).toBe(0.1);
    expect(m['pg.temp_bytes_ps']).toBe(819.2);
    // A restart: every counter starts again from zero.
    const reset = snap({
      db: { commits: 3, rollbacks: 0, blksHit: 10, blksRead: 5, deadlocks: 0, tempBytes: 0 },
    });
    const after = derivePg(cur, reset, ctx).reading.metrics;
    expect([
      after['pg.tps'],
      after['pg.cache_hit_pct'],
      after['pg.deadlocks_ps'],
      after['pg.temp_bytes_ps'],
    ]).toEqual([null, null, null, null]);
  });

  it('takes per-interval deltas of statements, counts new ones from zero, skips reset ones, keeps the top 20', () => {
    const prevStmts = new Map<string, PgStatement>([
      ['10', stmt(100, 1000)],
      ['11', stmt(50, 500)],
    ]);
    const curStmts = new Map<string, PgStatement>([
      ['10', stmt(110, 1300, 120, 200)],
      ['11', stmt(5, 20)], // reset since: its share of this interval is unknown
      ['12', stmt(4, 80)], // new in this interval
    ]);
    for (let i = 0; i < 30; i++) curStmts.set(String(1000 + i), stmt(1, i / 10));
    const top = derivePg(snap({ statements: prevStmts }), snap({ statements: curStmts }), ctx).reading
      .topQueries;
    expect(top).toHaveLength(20);
    expect(top[0]).toEqual({ queryId: '10', calls: 10, totalMs: 300, meanMs: 30, rows: 20, blocks: 100 });
    expect(top[1]).toEqual({ queryId: '12', calls: 4, totalMs: 80, meanMs: 20, rows: 4, blocks: 4 });
    expect(top.some((q) => q.queryId === '11')).toBe(false);
  });

  it('has no top queries on the first poll with the extension (the one before had none)', () => {
    const r = derivePg(snap({ statements: null }), snap({ statements: new Map([['1', stmt(5, 50)]]) }), ctx);
    expect(r.reading.topQueries).toEqual([]);
  });

  it('reads lag per replica from a recorded pg_stat_replication answer', () => {
    // Recorded from PostgreSQL 15 with a streaming standby ("replica-a") whose replay was paused.
    const recorded = '@@repl\n7265706c6963612d61\tstreaming\t3212600\t1.604497\n';
    const s = parsePg(out(`${META}@@conn\n${recorded}@@statements\n`), cfg);
    const r = derivePg(null, s, ctx).reading;
    expect(r.labelled).toEqual([
      ['pg.replication_lag_bytes', 'replica=replica-a', 3_212_600],
      ['pg.replication_lag_sec', 'replica=replica-a', 1.604497],
    ]);
    expect(r.metrics['pg.replication_lag_bytes']).toBe(3_212_600);
    expect(r.metrics['pg.replication_lag_sec']).toBe(1.604497);
    // Caught up and idle: replay_lag is NULL, so no seconds, still bytes.
    const idle = parsePg(out(`${META}@@repl\n72\tstreaming\t0\t\n@@statements\n`), cfg);
    expect(derivePg(null, idle, ctx).reading.labelled).toEqual([
      ['pg.replication_lag_bytes', 'replica=r', 0],
    ]);
  });

  it('gives index and vacuum advice in words with the evidence', () => {
    const table: PgTable = {
      name: 'public.orders',
      bytes: 200 * 1024 * 1024,
      live: 4_000_000,
      dead: 1_000_000,
      seqScan: 1204,
      seqTupRead: 48_000_000,
      idxScan: 3,
      idxTupFetch: 3,
      vacuumAgeSec: 3 * 86_400,
      xidAge: 1000,
    };
    const unused = { table: 'public.orders', index: 'orders_note_idx', bytes: 5 * 1024 * 1024 };
    const r = derivePg(null, snap({ tables: [table], unusedIndexes: [unused] }), ctx).reading;
    expect(r.advice.map((a) => a.message)).toEqual([
      'public.orders: 1,204 sequential scans read 48M rows, 3 index scans: an index on the filtered columns may help',
      'public.orders: 1M dead rows (25 % of live), last vacuumed 3 days ago: autovacuum is not keeping up',
      'orders_note_idx on public.orders has never been used since statistics were reset: dropping it saves 5 MB and write time',
    ]);
    expect(r.labelled).toContainEqual(['pg.table_vacuum_age_sec', 'table=public.orders', 259_200]);
    expect(humanCount(12_345)).toBe('12,345');
  });

  it('says how to enable pg_stat_statements, and what PostgreSQL 12 lacks', () => {
    const off = derivePg(
      null,
      snap({ statements: null, extInstalled: false, extPreloaded: false, database: 'app' }),
      ctx,
    );
    expect(off.reading.notes).toEqual([
      'pg_stat_statements is not enabled: add pg_stat_statements to shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements in app.',
    ]);
    const v12 = derivePg(null, snap({ statements: null, versionNum: 120_015 }), ctx);
    expect(v12.reading.notes[0]).toContain('PostgreSQL 13 or later');
  });
});

describe('parsePg with hostile answers', () => {
  it('skips rows that make no sense and decodes hex text (tabs and newlines stay inside)', () => {
    const q = Buffer.from('SELECT 1\n\t-- @@meta', 'utf8').toString('hex');
    const stdout =
      `${META}@@conn\nactive\tNaN\nidle\t4\n__proto__\t1\n@@db\n1\t2\tx\n@@sessions\n12\t7573\tactive\t9.5\t\t\tt\t${q}\nshort\n` +
      '@@statements\n42\t3\t1500\t3\t9\n42\t1\t500\t1\t1\nnot-an-id\t1\t1\t1\t1\n42x\t1\n' +
      '7\t1\t1\t1\t1\t1\n8\t1\tNaN\t1\t1\n9\t\t1\t1\t1\n\t1\t1\t1\t1\n\t\t\t\t\n';
    const s = parsePg(out(stdout), cfg);
    expect({ ...s.conn }).toEqual({ idle: 4, ['__proto__']: 1 });
    expect(Object.getPrototypeOf(s.conn)).toBeNull();
    expect(s.db).toBeNull();
    expect(s.sessions).toEqual([
      {
        pid: 12,
        user: 'us',
        state: 'active',
        runningSec: 9.5,
        waitEvent: null,
        blockedBy: [],
        long: true,
        query: 'SELECT 1\n\t-- @@meta',
      },
    ]);
    expect([...(s.statements ?? new Map()).entries()]).toEqual([
      ['42', { calls: 4, totalMs: 2, rows: 4, blocks: 10 }],
    ]);
    const r = derivePg(null, s, ctx).reading;
    expect(r.metrics['pg.tps']).toBeNull();
  });

  it("sees a missing extension in psql's error, not as a failed poll", () => {
    const err = 'psql:5: ERROR:  relation "pg_stat_statements" does not exist\n';
    const s = parsePg(out(`${META.replace('\t1\t', '\t0\t')}@@statements\n`, err), cfg);
    expect(s.statements).toBeNull();
  });

  it('takes statements without the end row as not read (a timeout), and cuts texts at 4 kB', () => {
    const err = 'psql:17: ERROR:  canceling statement due to statement timeout\n';
    const cut = parsePg(out(`${META}@@statements\n42\t3\t1.5\t3\t9\n`, err), cfg);
    expect(cut.statements).toBeNull();
    expect(derivePg(null, cut, ctx).reading.notes).toEqual([
      'pg_stat_statements could not be read: canceling statement due to statement timeout.',
    ]);
    const long = Buffer.from(`SELECT '${'é'.repeat(3000)}'`, 'utf8').toString('hex');
    const s = parsePg(out(`${META}@@statements\n\t\t\t\t\n@@texts\n7\t${long}\n`), cfg);
    const text = s.texts.get('7') ?? '';
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    expect(text.endsWith('é')).toBe(true);
  });

  it('names each failure from the stderr sudo and psql print', () => {
    const problem = (stderr: string, exitCode: number | null = 1): string[] => {
      try {
        parsePg({ exitCode, stdout: '', stderr, truncated: false }, cfg);
      } catch (e) {
        if (e instanceof ServiceProblemError) return [e.problem, e.message];
      }
      return [];
    };
    // Recorded from sudo 1.9 (Debian 12) run as an unprivileged user.
    expect(problem('sudo: a password is required\n')[0]).toBe('refused');
    // The form sudo prints when a sudoers entry exists but not for this command.
    const notAllowed = "Sorry, user gb is not allowed to execute '/usr/bin/psql -X' as postgres on db-1.\n";
    expect(problem(notAllowed)).toEqual(['refused', expect.stringContaining('NOPASSWD: /usr/bin/psql')]);
    expect(problem('bash: line 1: psql: command not found\n')[0]).toBe('setup');
    expect(problem('', 0)[0]).toBe('garbage');
    expect(problem('\n(stopped after 10 s)', null)).toEqual([
      'timeout',
      'PostgreSQL did not answer the poll in time; the server may be overloaded.',
    ]);
  });

  it('puts only integer query ids in the SQL and nothing from the config', () => {
    expect(
      validQueryIds(['1', '-9223372036854775808', '9223372036854775808', "1'); DROP", '2', '2']),
    ).toEqual(['1', '-9223372036854775808', '2']);
    const argv = pgCommand({ ...cfg, osUser: null, database: 'app' }, { textsFor: ['7'], longQuerySec: 60 });
    expect(argv.slice(0, 15)).toEqual([
      'psql',
      '-X',
      '-q',
      '-A',
      '-t',
      '-F',
      '\t',
      '-v',
      'ON_ERROR_STOP=0',
      '-h',
      '/var/run/postgresql',
      '-p',
      '5432',
      '-d',
      'app',
    ]);
    expect(argv.at(-1)).toContain("ANY('{7}'::bigint[])");
    expect(pgCommand(cfg, { textsFor: [], longQuerySec: 60 }).slice(0, 5)).toEqual([
      'sudo',
      '-n',
      '-u',
      'postgres',
      'psql',
    ]);
  });

  it("runs the server's versioned psql an answer named, and nothing else an answer could forge", () => {
    const hex = (t: string): string => Buffer.from(t, 'utf8').toString('hex');
    const read = (binDir: string): string | null =>
      parsePg(out(`${META}@@statements\n\t\t\t\t\n@@client\n${binDir}\n`), cfg).client;
    expect(read(hex('/usr/lib/postgresql/15/bin'))).toBe('/usr/lib/postgresql/15/bin/psql');
    expect(read(hex('/usr/pgsql-16/bin/'))).toBe('/usr/pgsql-16/bin/psql');
    for (const bad of [
      '/usr/lib/../../tmp/x',
      'bin',
      '/opt/pg bin',
      '/opt/$(reboot)',
      '/opt/pg;id',
      '/a\n/b',
    ])
      expect(read(hex(bad))).toBeNull();
    expect(read('zz')).toBeNull();
    expect(parsePg(out(`${META}@@statements\n\t\t\t\t\n`), cfg).client).toBeNull();

    const ask = { textsFor: [], longQuerySec: 60 };
    const asked = pgCommand(cfg, { ...ask, client: '/usr/lib/postgresql/15/bin/psql' });
    expect(asked[4]).toBe('/usr/lib/postgresql/15/bin/psql');
    // Known already: the section that finds it is not asked again.
    expect(asked.join('\n')).not.toContain('@@client');
    expect(pgCommand(cfg, ask)).toContain('\\echo @@client');
    for (const forged of ['/bin/sh', '/usr/bin/psql -c x', '../psql', '/x/../psql', 'psql'])
      expect(pgCommand(cfg, { ...ask, client: forged })[4]).toBe('psql');
    expect(clientPath(`/${'a/'.repeat(120)}psql`)).toBeNull();
  });
});
