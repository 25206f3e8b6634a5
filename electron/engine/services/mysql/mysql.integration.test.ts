// The MySQL/MariaDB driver against a real private MariaDB, polled with the same argv the SSH
// runner would run, here through runLocal (as root: unix_socket lets root in, as on Debian).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../../shared/services';
import { runLocal } from '../../diagnostics/runLocal';
import { waitFor } from '../../ssh/testing/waitFor';
import { mariadbMissingReason, startMariadb, type TestMariadb } from '../testing/mariadbServer';
import { ServiceProblemError, type PollAsk } from '../types';
import { mysqlDriver, type MysqlSnapshot } from './index';

const missing = mariadbMissingReason();
const ASK: PollAsk = { textsFor: [], longQuerySec: 60 };

function cfgFor(db: TestMariadb, osUser: string | null = null): ServiceConfig {
  return {
    id: 'local/mysql',
    hostId: 'local',
    kind: 'mysql',
    port: db.port,
    via: 'peer',
    osUser,
    socketDir: db.socketDir,
    database: null,
    dbUser: null,
    intervalMs: 10_000,
    longQuerySec: 30,
    addedAt: 0,
  };
}

async function poll(
  cfg: ServiceConfig,
  ask = ASK,
  prefix: string[] = [],
): Promise<{ snap: MysqlSnapshot; ms: number; at: number }> {
  const t0 = performance.now();
  const out = await runLocal([...prefix, ...mysqlDriver.command(cfg, ask)], 10_000, { maxBytes: 4 << 20 });
  const ms = performance.now() - t0;
  return { snap: mysqlDriver.parse(out, cfg), ms, at: t0 };
}

async function problemOf(cfg: ServiceConfig, prefix: string[] = []): Promise<ServiceProblemError> {
  const err = await poll(cfg, ASK, prefix).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceProblemError);
  return err as ServiceProblemError;
}

const LOAD = [
  'CREATE DATABASE IF NOT EXISTS gb',
  'CREATE TABLE IF NOT EXISTS gb.t (id INT PRIMARY KEY, v VARCHAR(40))',
  ...Array.from({ length: 60 }, (_, i) => `REPLACE INTO gb.t VALUES (${i}, 'v${i}')`),
  ...Array.from({ length: 60 }, (_, i) => `SELECT v FROM gb.t WHERE id = ${i}`),
  'SELECT COUNT(*) FROM gb.t a JOIN gb.t b',
].join(';');

describe.skipIf(missing !== null)(
  `MySQL/MariaDB driver on a real MariaDB${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let db: TestMariadb;
    beforeAll(async () => {
      db = await startMariadb();
    });
    afterAll(async () => {
      await db?.stop();
    });

    it('reads threads, queries/s, the buffer pool and the top digests of the interval, then their texts', async () => {
      const cfg = cfgFor(db);
      const first = await poll(cfg);
      expect((await db.run(LOAD)).stderr).toBe('');
      const second = await poll(cfg);
      const ctx = { serviceId: cfg.id, ts: 2, elapsedMs: second.at - first.at, pollMs: second.ms };
      const { reading } = mysqlDriver.derive(first.snap, second.snap, ctx);
      const m = reading.metrics;
      console.log(`mysql poll wall time: ${first.ms.toFixed(0)} ms, ${second.ms.toFixed(0)} ms; metrics`, m);
      expect(m['mysql.max_connections']).toBe(151);
      expect(m['mysql.threads_connected']).toBeGreaterThanOrEqual(1);
      expect(m['mysql.connections_pct']).toBeGreaterThan(0);
      expect(m['mysql.qps']).toBeGreaterThan(0);
      expect(m['mysql.buffer_pool_hit_pct']).toBeGreaterThan(50);
      expect(reading.notes).toEqual([]);
      const select = reading.topQueries.find((q) => q.calls === 60 && q.rows === 60);
      expect(select).toBeDefined();
      expect(select?.meanMs).toBeCloseTo((select?.totalMs ?? 0) / 60, 9);
      expect(reading.topQueries.length).toBeLessThanOrEqual(20);

      const ids = reading.topQueries.map((q) => q.queryId);
      const third = await poll(cfg, { textsFor: ids, longQuerySec: 60 });
      const texts = mysqlDriver.derive(second.snap, third.snap, { ...ctx, pollMs: third.ms }).texts;
      expect(texts.get(select?.queryId ?? '')).toMatch(/^SELECT `v` FROM `gb` \. `t` WHERE ID = \?/);
    });

    it('a query that runs for minutes is in the sessions with its text, user and state, until KILLed', async () => {
      const sock = `--socket=${db.socketDir}/mysqld.sock`;
      const sleeper = spawn('mysql', [sock, '-e', 'SELECT SLEEP(600) AS greenboard_sleeper'], {
        stdio: 'ignore',
      });
      const gone = new Promise((resolve) => sleeper.once('exit', resolve));
      try {
        const id = await waitFor(async () => {
          const out = await db.run(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%greenboard_sleeper%' AND TIME >= 1 AND ID <> CONNECTION_ID()",
          );
          return out.stdout.trim();
        }, 'the sleeper to run for a second');
        const { snap } = await poll(cfgFor(db), { textsFor: [], longQuerySec: 1 });
        const r = mysqlDriver.derive(null, snap, { serviceId: 'x', ts: 1, elapsedMs: 0, pollMs: 1 }).reading;
        const holderFirst = [...r.sessions].sort((a, b) => a.blockedBy.length - b.blockedBy.length);
        expect(holderFirst).toEqual([
          expect.objectContaining({
            pid: Number(id),
            user: 'root',
            state: 'Query',
            waitEvent: 'User sleep',
            query: 'SELECT SLEEP(600) AS greenboard_sleeper',
          }),
        ]);
        expect(r.metrics['mysql.oldest_query_sec']).toBeGreaterThanOrEqual(1);
        await db.run(`KILL ${Number(id)}`);
      } finally {
        sleeper.kill();
        await gone;
      }
    });

    it("leaves the poll's own statements out of the top list, and keeps a pool's SELECT 1", async () => {
      const cfg = cfgFor(db);
      const first = await poll(cfg);
      await db.run('SELECT 1');
      await db.run('SELECT 2');
      const second = await poll(cfg);
      const ctx = { serviceId: cfg.id, ts: 2, elapsedMs: 1000, pollMs: 1 };
      const top = mysqlDriver.derive(first.snap, second.snap, ctx).reading.topQueries;
      const ids = top.map((q) => q.queryId);
      const third = await poll(cfg, { textsFor: ids, longQuerySec: 60 });
      const texts = [...mysqlDriver.derive(second.snap, third.snap, ctx).texts.values()];
      expect(texts).toContain('SELECT ? ');
      expect(texts.filter((t) => mysqlDriver.ownStatement?.(t))).toEqual([]);
      // The server did record them: they are left out, not missing.
      const own = await db.run(
        "SELECT DIGEST_TEXT FROM performance_schema.events_statements_summary_by_digest WHERE DIGEST_TEXT LIKE '%greenboard_poll%' OR DIGEST_TEXT LIKE 'SELECT ? AS `@@%' OR DIGEST_TEXT LIKE 'SHOW%'",
      );
      const ownTexts = own.stdout.trim().split('\n');
      expect(ownTexts.length).toBeGreaterThanOrEqual(10);
      expect(ownTexts.every((t) => mysqlDriver.ownStatement?.(t))).toBe(true);
    });

    it('lists a session waiting on a row lock with the one holding it (idle in its transaction) in blockedBy', async () => {
      const sock = `--socket=${db.socketDir}/mysqld.sock`;
      await db.run(
        'CREATE DATABASE IF NOT EXISTS gb; CREATE TABLE gb.l (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO gb.l VALUES (1)',
      );
      // The holder locks the row and stays connected, idle, its transaction open (stdin kept open).
      const holder = spawn('mysql', [sock, '-N', '-B'], { stdio: ['pipe', 'ignore', 'ignore'] });
      holder.stdin.write('BEGIN;\nSELECT id FROM gb.l WHERE id = 1 FOR UPDATE;\n');
      const holderGone = new Promise((resolve) => holder.once('exit', resolve));
      let waiter: ReturnType<typeof spawn> | null = null;
      try {
        const holderId = await waitFor(
          async () =>
            (
              await db.run(
                'SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX WHERE trx_rows_locked > 0',
              )
            ).stdout.trim(),
          'the holder to lock the row',
        );
        waiter = spawn('mysql', [sock, '-e', 'UPDATE gb.l SET id = id WHERE id = 1'], { stdio: 'ignore' });
        const waiterId = await waitFor(
          async () =>
            (
              await db.run("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'UPDATE gb.l%'")
            ).stdout.trim(),
          'the waiter to wait',
        );
        await waitFor(
          async () =>
            (await db.run('SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS')).stdout.trim() === '1',
          'the lock wait',
        );
        // A threshold no session reaches: both are listed for the lock alone.
        const { snap } = await poll(cfgFor(db), { textsFor: [], longQuerySec: 3600 });
        const r = mysqlDriver.derive(null, snap, { serviceId: 'x', ts: 1, elapsedMs: 0, pollMs: 1 }).reading;
        const holderFirst = [...r.sessions].sort((a, b) => a.blockedBy.length - b.blockedBy.length);
        expect(holderFirst).toEqual([
          expect.objectContaining({ pid: Number(holderId), state: 'Sleep', query: '', blockedBy: [] }),
          expect.objectContaining({
            pid: Number(waiterId),
            state: 'Query',
            query: 'UPDATE gb.l SET id = id WHERE id = 1',
            blockedBy: [Number(holderId)],
          }),
        ]);
        expect(r.notes).toEqual([]);
        await db.run(`KILL ${Number(holderId)}`);
      } finally {
        holder.stdin.end();
        holder.kill();
        await holderGone;
        if (waiter) {
          const w = waiter;
          await new Promise((resolve) => (w.exitCode !== null ? resolve(null) : w.once('exit', resolve)));
        }
      }
    });

    it('runs mysql through sudo -n when an OS user is set; a refusing sudo names the sudoers line', async () => {
      const { snap } = await poll(cfgFor(db, 'root'));
      expect(snap.version).toMatch(/MariaDB/);
      const p = await problemOf(cfgFor(db, 'root'), ['runuser', '-u', 'nobody', '--']);
      expect(p.problem).toBe('refused');
      expect(p.message).toMatch(/NOPASSWD: \/usr\/bin\/mysql/);
    });

    it('an OS user the server does not know is refused, saying how peer access logs in', async () => {
      const p = await problemOf(cfgFor(db), ['runuser', '-u', 'nobody', '--']);
      expect(p.problem).toBe('refused');
      expect(p.message).toMatch(/ERROR 1045 .*Access denied for user 'nobody'@'localhost'.*unix_socket/);
    });

    it('performance_schema off: the poll still reads, and a note says how to turn it on', async () => {
      const off = await startMariadb({ performanceSchema: false });
      try {
        const { snap } = await poll(cfgFor(off));
        const r = mysqlDriver.derive(snap, snap, {
          serviceId: 'x',
          ts: 1,
          elapsedMs: 1000,
          pollMs: 1,
        }).reading;
        expect(r.topQueries).toEqual([]);
        expect(r.metrics['mysql.threads_connected']).toBeGreaterThanOrEqual(1);
        expect(r.notes).toEqual([
          expect.stringMatching(/performance_schema is off.*"performance_schema = ON" under \[mysqld\]/),
        ]);
      } finally {
        await off.stop();
      }
    });

    it('a server killed before the poll is unreachable', async () => {
      await db.kill();
      const p = await problemOf(cfgFor(db));
      expect(p.problem).toBe('unreachable');
      expect(p.message).toMatch(/ERROR 2002 .*Can't connect to local server through socket/);
    });
  },
);
