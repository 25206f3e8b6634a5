// Replication lag from a real MariaDB replica of a real primary (both private, on loopback):
// the lag per connection while it runs, and a note when its SQL thread is stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../../shared/services';
import { runLocal } from '../../diagnostics/runLocal';
import { waitFor } from '../../ssh/testing/waitFor';
import { mariadbMissingReason, startMariadb, type TestMariadb } from '../testing/mariadbServer';
import { mysqlDriver } from './index';

const missing = mariadbMissingReason();

function cfgFor(db: TestMariadb): ServiceConfig {
  return {
    id: 'local/mysql-replica',
    hostId: 'local',
    kind: 'mysql',
    port: db.port,
    via: 'peer',
    osUser: null,
    socketDir: db.socketDir,
    database: null,
    dbUser: null,
    intervalMs: 10_000,
    longQuerySec: 30,
    addedAt: 0,
  };
}

async function reading(db: TestMariadb): Promise<ReturnType<typeof mysqlDriver.derive>['reading']> {
  const cfg = cfgFor(db);
  const t0 = performance.now();
  const out = await runLocal(mysqlDriver.command(cfg, { textsFor: [], longQuerySec: 60 }), 10_000);
  const pollMs = performance.now() - t0;
  return mysqlDriver.derive(null, mysqlDriver.parse(out, cfg), {
    serviceId: cfg.id,
    ts: 1,
    elapsedMs: 0,
    pollMs,
  }).reading;
}

describe.skipIf(missing !== null)(
  `MySQL/MariaDB replication lag${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let primary: TestMariadb;
    let replica: TestMariadb;
    beforeAll(async () => {
      [primary, replica] = await Promise.all([
        startMariadb({ extra: ['--server-id=1', '--log-bin=primary-bin'] }),
        startMariadb({ extra: ['--server-id=2'] }),
      ]);
      const grant = await primary.run(
        "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl-test'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'",
      );
      expect(grant.stderr).toBe('');
      const change = await replica.run(
        `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='repl', ` +
          "MASTER_PASSWORD='repl-test', MASTER_USE_GTID=current_pos; START SLAVE",
      );
      expect(change.stderr).toBe('');
    });
    afterAll(async () => {
      await Promise.all([replica?.stop(), primary?.stop()]);
    });

    it('reads the lag of a running replica by its primary, and a stopped SQL thread as a note', async () => {
      await primary.run(
        'CREATE DATABASE gb; CREATE TABLE gb.t (id INT PRIMARY KEY); INSERT INTO gb.t VALUES (1)',
      );
      await waitFor(
        async () => (await replica.run('SELECT COUNT(*) FROM gb.t')).stdout.trim() === '1',
        'replication',
      );
      const running = await reading(replica);
      expect(running.labelled).toEqual([['mysql.replication_lag_sec', '127.0.0.1', expect.any(Number)]]);
      expect(running.metrics['mysql.replication_lag_sec']).toBeGreaterThanOrEqual(0);
      expect(running.notes).toEqual([]);
      expect((await reading(primary)).metrics['mysql.replication_lag_sec']).toBeNull();

      await replica.run('STOP SLAVE SQL_THREAD');
      const stopped = await reading(replica);
      expect(stopped.labelled).toEqual([]);
      expect(stopped.notes).toEqual([
        expect.stringMatching(/^Replication from 127\.0\.0\.1 is not running \(IO Yes, SQL No\)/),
      ]);
    });
  },
);
