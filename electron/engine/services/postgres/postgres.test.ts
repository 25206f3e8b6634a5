// The PostgreSQL driver against a real private cluster, through runLocal: the same argv the SSH
// runner would run on a host (sudo -n -u postgres psql ...), as root here. One cluster for the file.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../../shared/services';
import { runLocal } from '../../diagnostics/runLocal';
import {
  fillStatementsSql,
  postgresMissing,
  startPostgres,
  type TestPostgres,
} from '../testing/postgresServer';
import { pollService } from '../servicePoll';
import { ServiceProblemError, type PollAsk, type ServiceDriver } from '../types';
import { postgresDriver, type PgSnapshot } from './index';

const missing = postgresMissing();
const MAX_BYTES = 8 * 1024 * 1024;

function configFor(pg: TestPostgres, over: Partial<ServiceConfig> = {}): ServiceConfig {
  const base: ServiceConfig = {
    id: 'db-1/postgres',
    hostId: 'db-1',
    kind: 'postgres',
    port: pg.port,
    via: 'peer',
    osUser: 'postgres',
    socketDir: pg.socketDir,
    database: null,
    dbUser: null,
    intervalMs: 10_000,
    longQuerySec: 30,
    addedAt: 0,
  };
  return { ...base, ...over };
}

const ask = (over: Partial<PollAsk> = {}): PollAsk => ({ textsFor: [], longQuerySec: 300, ...over });

async function poll(cfg: ServiceConfig, a: PollAsk = ask()): Promise<PgSnapshot> {
  const out = await runLocal(postgresDriver.command(cfg, a), 15_000, { maxBytes: MAX_BYTES });
  return postgresDriver.parse(out, cfg);
}

async function problemOf(p: Promise<unknown>): Promise<ServiceProblemError> {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof ServiceProblemError))
    throw new Error(`expected a ServiceProblemError, got ${String(e)}`);
  return e;
}

/** Waits (by asking the server, no fixed sleep) until a session matching `where` is seen. */
async function waitForSession(pg: TestPostgres, where: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const pid = pg.run(`SELECT pid FROM pg_stat_activity WHERE ${where} LIMIT 1`).trim();
    if (pid) return Number(pid);
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`no session where ${where}`);
}

const exited = (child: ChildProcess): Promise<void> => new Promise((r) => child.once('close', () => r()));

describe.skipIf(missing !== null)(
  `PostgreSQL driver on a private cluster${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let pg: TestPostgres;
    let cfg: ServiceConfig;

    beforeAll(async () => {
      pg = await startPostgres();
      cfg = configFor(pg);
      await pg.pgbench(['-i', '-s', '1', '-q']);
      // An index nothing uses (an expression no query asks for), over 1 MB.
      pg.run('CREATE INDEX accounts_unused ON pgbench_accounts ((aid + 0)); ANALYZE pgbench_accounts');
      pg.run('CREATE DATABASE noext');
    });

    afterAll(() => pg?.stop());

    it('reads real numbers, then rates and top queries over an interval of pgbench load, then the texts asked for', async () => {
      const first = await poll(cfg);
      const r1 = postgresDriver.derive(null, first, {
        serviceId: cfg.id,
        ts: 1,
        elapsedMs: 0,
        pollMs: 10,
      }).reading;
      expect(r1.metrics['pg.max_connections']).toBe(100);
      expect(r1.metrics['pg.tps']).toBeNull();
      expect(r1.topQueries).toEqual([]);
      expect(r1.metrics['pg.statements']).toBeGreaterThan(0);
      expect(r1.notes).toEqual([]);

      const t0 = Date.now();
      await pg.pgbench(['-T', '2', '-c', '2', '-n']);
      // Seq scans of a 13 MB table, more than ten times over: index advice. In one psql run.
      pg.run('SELECT count(*) FROM pgbench_accounts WHERE abalance = 7;\n'.repeat(12));
      const second = await poll(cfg);
      const d2 = postgresDriver.derive(first, second, {
        serviceId: cfg.id,
        ts: 2,
        elapsedMs: Date.now() - t0,
        pollMs: 10,
      });
      const m = d2.reading.metrics;
      expect(m['pg.tps']).toBeGreaterThan(10);
      // Scans of a table over a quarter of shared_buffers read through a small ring: not all hits.
      expect(m['pg.cache_hit_pct']).toBeGreaterThan(0);
      expect(m['pg.cache_hit_pct']).toBeLessThanOrEqual(100);
      expect(m['pg.deadlocks_ps']).toBe(0);
      expect(d2.reading.topQueries.length).toBeGreaterThan(3);
      const top = d2.reading.topQueries[0]!;
      expect(top.calls).toBeGreaterThan(0);
      expect(top.meanMs).toBeCloseTo(top.totalMs / top.calls, 6);
      expect(d2.texts.size).toBe(0);
      const advice = d2.reading.advice.map((a) => a.message);
      expect(advice).toContainEqual(
        expect.stringMatching(/^public\.pgbench_accounts: \d+ sequential scans read [\d.,]+[kM]? rows/),
      );
      expect(advice).toContainEqual(
        expect.stringContaining('accounts_unused on public.pgbench_accounts has never been used'),
      );
      expect(d2.reading.labelled).toContainEqual([
        'pg.table_dead_tuples',
        'table=public.pgbench_accounts',
        expect.any(Number),
      ]);

      const ids = d2.reading.topQueries.slice(0, 5).map((q) => q.queryId);
      const third = await poll(cfg, ask({ textsFor: [...ids, '1; DROP TABLE x', 'abc'] }));
      const d3 = postgresDriver.derive(second, third, {
        serviceId: cfg.id,
        ts: 3,
        elapsedMs: 1000,
        pollMs: 10,
      });
      expect([...d3.texts.keys()].sort()).toEqual([...ids].sort());
      expect([...d3.texts.values()].join('\n')).toContain('pgbench_accounts');
    });

    it('reads thousands of distinct statements (the fill the bench uses makes one query id each)', async () => {
      const before = (await poll(cfg)).statements?.size ?? 0;
      pg.run(fillStatementsSql(2000), 'noext');
      expect((await poll(cfg)).statements?.size).toBeGreaterThanOrEqual(before + 2000);
    });

    it("finds the server's versioned psql in the first answer and polls with it; a gone one falls back with a note", async () => {
      const first = await poll(cfg);
      const versioned = join(pg.binDir, 'psql');
      expect(first.client).toBe(versioned);
      const argv = postgresDriver.command(cfg, ask({ client: versioned }));
      expect(argv.slice(0, 5)).toEqual(['sudo', '-n', '-u', 'postgres', versioned]);
      const second = await poll(cfg, ask({ client: versioned }));
      expect(second.client).toBeNull(); // not asked again
      expect(second.statements?.size).toBeGreaterThan(0);

      // Gone (an upgrade removed it): the same poll runs again with psql from the PATH, and says so.
      const gone = '/usr/lib/postgresql/99/bin/psql';
      const driver = postgresDriver as ServiceDriver<unknown>;
      const r = await pollService(
        driver,
        cfg,
        { exec: runLocal },
        null,
        { textsFor: [], client: gone },
        Date.now,
      );
      expect(r.clientFailed).toEqual({ path: gone, why: expect.stringContaining('command not found') });
      if (!r.ok) throw new Error(r.message);
      expect(r.derived.reading.metrics['pg.max_connections']).toBe(100);
      expect(r.derived.client).toBe(versioned);
      expect(r.derived.reading.notes).toEqual([
        expect.stringMatching(
          /^\/usr\/lib\/postgresql\/99\/bin\/psql could not be run \(sudo: .*command not found\), so this poll and the next ones use psql from the PATH/,
        ),
      ]);
    });

    it('reads big tables and unused indexes as the pg_stat_user_* views count them', async () => {
      const snap = await poll(cfg);
      const views =
        pg.run(`SELECT s.schemaname || '.' || s.relname, n_live_tup, n_dead_tup, coalesce(seq_scan, 0),
        coalesce(seq_tup_read, 0), coalesce(idx_scan, 0), coalesce(idx_tup_fetch, 0)
        FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE c.relpages * 8192 > 8388608 ORDER BY c.relpages DESC`);
      const rows = views
        .trim()
        .split('\n')
        .map((l) => l.split('\t'));
      expect(rows.length).toBeGreaterThan(0);
      expect(
        snap.tables.map((t) =>
          [t.name, t.live, t.dead, t.seqScan, t.seqTupRead, t.idxScan, t.idxTupFetch].map(String),
        ),
      ).toEqual(rows);
      const unused =
        pg.run(`SELECT s.schemaname || '.' || s.relname, s.indexrelname FROM pg_stat_user_indexes s
        JOIN pg_index i ON i.indexrelid = s.indexrelid JOIN pg_class c ON c.oid = s.indexrelid
        WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary AND c.relpages * 8192 > 1048576`);
      expect(snap.unusedIndexes.map((u) => `${u.table}\t${u.index}`)).toEqual([unused.trim()]);
    });

    it('a role that may not read pg_config loses only that section', async () => {
      pg.run('CREATE ROLE nobody LOGIN');
      chmodSync(pg.socketDir, 0o711); // nobody may reach the socket (the data dir stays 0700)
      try {
        const snap = await poll(configFor(pg, { osUser: 'nobody' }));
        expect(snap.client).toBeNull();
        expect(snap.maxConnections).toBe(100);
        expect(snap.statements?.size).toBeGreaterThan(0);
        // shared_preload_libraries is not this role's to read: the meta row is whole, the setting unknown.
        expect(snap).toMatchObject({ extInstalled: true, extPreloaded: false });
      } finally {
        chmodSync(pg.socketDir, 0o700);
        pg.run('DROP ROLE nobody');
      }
    });

    it('says how to enable pg_stat_statements in a database without it, and still reads the rest', async () => {
      const snap = await poll(configFor(pg, { database: 'noext' }));
      const r = postgresDriver.derive(snap, snap, {
        serviceId: cfg.id,
        ts: 1,
        elapsedMs: 1000,
        pollMs: 10,
      }).reading;
      expect(r.notes).toEqual([
        'pg_stat_statements is preloaded but not created in noext: run CREATE EXTENSION pg_stat_statements in noext.',
      ]);
      expect(r.topQueries).toEqual([]);
      expect(r.metrics['pg.statements']).toBeNull();
      expect(r.metrics['pg.max_connections']).toBe(100);
    });

    it('says what to set when the OS user, the role or the database is wrong', async () => {
      const cases: [Partial<ServiceConfig>, string][] = [
        [{ osUser: 'gb-no-such-user' }, 'There is no OS user "gb-no-such-user" on the host'],
        // No sudo: psql runs as root here, and there is no role "root".
        [{ osUser: null }, 'role "root" does not exist: set the service\'s database or OS user.'],
        [
          { database: 'gb_missing' },
          'database "gb_missing" does not exist: set the service\'s database or OS user.',
        ],
      ];
      for (const [over, message] of cases) {
        const e = await problemOf(poll(configFor(pg, over)));
        expect([e.problem, e.message]).toEqual(['setup', expect.stringContaining(message)]);
      }
    });

    it('names the sudoers line when sudo refuses (the real refusal, run as an unprivileged user)', async () => {
      const argv = ['runuser', '-u', 'nobody', '--', ...postgresDriver.command(cfg, ask())];
      const e = await problemOf(runLocal(argv, 10_000).then((out) => postgresDriver.parse(out, cfg)));
      expect(e.problem).toBe('refused');
      expect(e.message).toContain('NOPASSWD: /usr/bin/psql');
    });

    it('lists a query running for minutes with its text, user and wait event, and who it blocks', async () => {
      const [bin = '', ...args] = pg.psqlArgv();
      const lockThenSleep = [
        'BEGIN',
        'LOCK pgbench_branches IN ACCESS EXCLUSIVE MODE',
        'SELECT pg_sleep(600)',
      ];
      const holder = spawn(bin, [...args, ...lockThenSleep.flatMap((c) => ['-c', c])]);
      let waiter: ChildProcess | null = null;
      let sleeper = 0;
      try {
        sleeper = await waitForSession(pg, "query = 'SELECT pg_sleep(600)'");
        // Started once the lock is held, so it waits on it.
        waiter = spawn(bin, [...args, '-c', 'SELECT count(*) FROM pgbench_branches']);
        const blocked = await waitForSession(pg, "wait_event_type = 'Lock'");
        const snap = await poll(cfg, ask({ longQuerySec: 0 }));
        const ctx = { serviceId: cfg.id, ts: 1, elapsedMs: 0, pollMs: 10 };
        const r = postgresDriver.derive(null, snap, ctx).reading;
        expect(r.sessions.find((x) => x.pid === sleeper)).toMatchObject({
          user: 'postgres',
          state: 'active',
          waitEvent: 'Timeout:PgSleep',
          query: 'SELECT pg_sleep(600)',
        });
        expect(r.sessions.find((x) => x.pid === blocked)?.blockedBy).toEqual([sleeper]);
        expect(r.metrics['pg.blocked']).toBe(1);
        expect(r.metrics['pg.long_running']).toBeGreaterThanOrEqual(2);
        expect(r.sessions.some((x) => x.query.includes('@@'))).toBe(false);
      } finally {
        // Cancelling the sleep ends the holder's script, which frees the lock and lets the waiter finish.
        if (sleeper) pg.run(`SELECT pg_cancel_backend(${sleeper})`);
        else holder.kill();
        await Promise.all([exited(holder), waiter ? exited(waiter) : null]);
      }
    });

    it('calls garbage garbage', () => {
      const garbage = (stdout: string): ServiceProblemError => {
        try {
          postgresDriver.parse({ exitCode: 0, stdout, stderr: '', truncated: false }, cfg);
        } catch (e) {
          if (e instanceof ServiceProblemError) return e;
          throw e;
        }
        throw new Error('parsed');
      };
      expect(garbage('hello\nworld\n').problem).toBe('garbage');
      expect(garbage('@@meta\nNaN\tx\n').problem).toBe('garbage');
      expect(garbage('@@meta\n150018\t100\t1\tf\t70\t1\t70\t0\n@@conn\nactive\t3\n').problem).toBe('garbage');
    });

    // Last: the cluster does not come back.
    it('sees a server killed mid-poll, then a stopped one, as unreachable', async () => {
      // The driver's own script with a pause after the first section, so the kill lands inside it.
      const argv = postgresDriver.command(cfg, ask());
      const at = argv.indexOf('\\echo @@conn') - 1;
      const paused = [...argv.slice(0, at), '-c', 'SELECT pg_sleep(30)', ...argv.slice(at)];
      const running = runLocal(paused, 15_000, { maxBytes: MAX_BYTES });
      await waitForSession(pg, "query = 'SELECT pg_sleep(30)'");
      await pg.kill();
      const mid = await problemOf(running.then((out) => postgresDriver.parse(out, cfg)));
      expect(mid.problem).toBe('unreachable');
      expect(mid.message).toContain('went away during the poll');

      const after = await problemOf(poll(cfg));
      expect(after.problem).toBe('unreachable');
      expect(after.message).toBe(
        `PostgreSQL is not running on ${pg.socketDir} port ${pg.port} (no server answers there).`,
      );
    });
  },
);
