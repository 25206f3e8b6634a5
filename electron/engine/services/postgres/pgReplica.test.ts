// A streaming replica as the poll sees it, for real: pg_receivewal is a walsender client (it
// streams WAL exactly as a standby does, and shows in pg_stat_replication the same way), so a
// private cluster lists it with its state and its lag in bytes, without a second server.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../../shared/services';
import { runLocal } from '../../diagnostics/runLocal';
import { PG_OS_USER, postgresMissing, startPostgres, type TestPostgres } from '../testing/postgresServer';
import { postgresDriver } from './index';

const missing = postgresMissing();

describe.skipIf(missing !== null)(`PostgreSQL replicas${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let pg: TestPostgres;
  let receiver: ChildProcess | null = null;

  beforeAll(async () => {
    pg = await startPostgres();
    appendFileSync(join(pg.socketDir, 'data', 'pg_hba.conf'), 'local replication all peer\n');
    pg.run('SELECT pg_reload_conf()');
  }, 60_000);
  afterAll(async () => {
    if (receiver && receiver.exitCode === null) {
      const gone = new Promise((r) => receiver?.once('close', r));
      receiver.kill('SIGTERM');
      await gone;
    }
    pg?.stop();
  });

  it('lists a walsender client as pg_stat_replication does: its name and state, no replay position', async () => {
    const wal = join(pg.socketDir, 'wal');
    const conn = ['-h', pg.socketDir, '-p', String(pg.port)];
    await runLocal(['runuser', '-u', PG_OS_USER, '--', 'mkdir', wal], 5_000);
    receiver = spawn(
      'runuser',
      ['-u', PG_OS_USER, '--', join(pg.binDir, 'pg_receivewal'), ...conn, '-D', wal, '--no-loop'],
      { stdio: 'ignore' },
    );
    // Asking the server until it lists the walsender: no fixed sleep.
    for (let i = 0; i < 500 && !pg.run("SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'"); i++)
      await new Promise((r) => setTimeout(r, 10));
    pg.run('CREATE TABLE moved AS SELECT g FROM generate_series(1, 1000) g');
    const cfg: ServiceConfig = {
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
    const out = await runLocal(postgresDriver.command(cfg, { textsFor: [], longQuerySec: 300 }), 15_000, {
      maxBytes: 8 << 20,
    });
    const snap = postgresDriver.parse(out, cfg);
    // As the pg_stat_replication view has it: pg_receivewal writes and flushes but never
    // replays, so there is no replay position to count bytes from (its replay_lag comes and goes
    // with its feedback messages, so it is not compared).
    const view = pg.run('SELECT application_name, state, replay_lsn IS NULL FROM pg_stat_replication');
    expect(view.trim()).toBe('pg_receivewal\tstreaming\tt');
    expect(snap.replicas).toHaveLength(1);
    expect(snap.replicas[0]).toMatchObject({ name: 'pg_receivewal', state: 'streaming', lagBytes: null });
    // No bytes figure is stored for it: an unknown lag is not a lag of zero.
    const r = postgresDriver.derive(null, snap, {
      serviceId: cfg.id,
      ts: 1,
      elapsedMs: 0,
      pollMs: 1,
    }).reading;
    expect(r.labelled.filter(([name]) => name === 'pg.replication_lag_bytes')).toEqual([]);
  }, 30_000);
});
