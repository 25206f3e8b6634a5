// The MySQL/MariaDB driver's parse, derive and command on hostile and hand-made answers: what a
// real server cannot easily be made to say here (a restart, a truncated digest table, junk).
import { describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { ServiceProblemError } from '../types';
import { mysqlDriver, type MysqlSnapshot } from './index';

const cfg: ServiceConfig = {
  id: 'db-1/mysql',
  hostId: 'db-1',
  kind: 'mysql',
  port: 3306,
  via: 'peer',
  osUser: 'root',
  socketDir: '/run/mysqld',
  database: null,
  dbUser: null,
  intervalMs: 10_000,
  longQuerySec: 30,
  addedAt: 0,
};
const D1 = 'a'.repeat(32);
const D2 = 'b'.repeat(64);

function answer(
  o: { uptime?: number; questions?: number; digests?: string[]; replica?: string[] } = {},
): RunOutput {
  const lines = [
    '@@vars',
    '@@vars',
    'Variable_name\tValue',
    'max_connections\t200',
    'performance_schema\tON',
    'version\t10.11.19-MariaDB',
    '@@status',
    '@@status',
    'Variable_name\tValue',
    `Uptime\t${o.uptime ?? 100}`,
    'Threads_connected\t150',
    `Questions\t${o.questions ?? 1000}`,
    '@@replica',
    '@@replica',
    ...(o.replica ?? []),
    '@@digests',
    '@@digests',
    'DIGEST\tcalls\tps\tsent\texamined',
    ...(o.digests ?? []),
    '@@end',
    '@@end',
  ];
  return { exitCode: 0, stdout: `${lines.join('\n')}\n`, stderr: '', truncated: false };
}

const ctx = { serviceId: cfg.id, ts: 2, elapsedMs: 10_000, pollMs: 20 };
const snap = (o: RunOutput): MysqlSnapshot => mysqlDriver.parse(o, cfg);

function problem(out: RunOutput): ServiceProblemError {
  try {
    mysqlDriver.parse(out, cfg);
  } catch (e) {
    if (e instanceof ServiceProblemError) return e;
    throw e;
  }
  throw new Error('parse did not fail');
}

describe('MySQL parse, derive and command', () => {
  it('top digests are interval deltas; a digest new since prev counts from zero; a restart gives none', () => {
    const a = snap(answer({ digests: [`${D1}\t10\t5000000000\t10\t100`] }));
    const b = snap(
      answer({ questions: 2000, digests: [`${D1}\t30\t25000000000\t30\t300`, `${D2}\t4\t2000000000\t0\t8`] }),
    );
    const r = mysqlDriver.derive(a, b, ctx).reading;
    expect(r.topQueries).toEqual([
      { queryId: D1, calls: 20, totalMs: 20, meanMs: 1, rows: 20, blocks: 200 },
      { queryId: D2, calls: 4, totalMs: 2, meanMs: 0.5, rows: 0, blocks: 8 },
    ]);
    expect(r.metrics['mysql.qps']).toBe(100);
    expect(r.metrics['mysql.connections_pct']).toBe(75);
    expect(mysqlDriver.derive(null, b, ctx).reading.topQueries).toEqual([]);
    const restarted = snap(answer({ uptime: 5, questions: 3, digests: [`${D1}\t1\t1\t1\t1`] }));
    const rr = mysqlDriver.derive(b, restarted, ctx).reading;
    expect(rr.metrics['mysql.qps']).toBeNull();
    expect(rr.topQueries).toEqual([]);
    const truncated = snap(answer({ questions: 2100, digests: [`${D1}\t2\t1\t1\t1`] }));
    expect(mysqlDriver.derive(b, truncated, ctx).reading.topQueries).toEqual([]);
  });

  it('replication lag per connection from SHOW SLAVE STATUS (columns by name), a stopped one as a note', () => {
    const head =
      'Connection_name\tMaster_Host\tSlave_IO_Running\tSlave_SQL_Running\tLast_Error\tSeconds_Behind_Master';
    const r = mysqlDriver.derive(
      null,
      snap(
        answer({
          replica: [head, '\t10.0.0.1\tYes\tYes\t\t42', 'b2\t10.0.0.2\tNo\tNo\tDuplicate entry\tNULL'],
        }),
      ),
      ctx,
    ).reading;
    expect(r.labelled).toEqual([['mysql.replication_lag_sec', '10.0.0.1', 42]]);
    expect(r.metrics['mysql.replication_lag_sec']).toBe(42);
    expect(r.notes).toEqual(['Replication from b2 is not running (IO No, SQL No): Duplicate entry.']);
  });

  it('hostile answers: garbage is garbage, junk rows and values are skipped or null', () => {
    expect(
      problem({ exitCode: 0, stdout: 'Welcome to nothing\n', stderr: '', truncated: false }).problem,
    ).toBe('garbage');
    expect(
      problem({ exitCode: 1, stdout: '', stderr: 'Segmentation fault', truncated: true }).message,
    ).toMatch(/cut short/);
    const junk = snap(
      answer({
        questions: Number.NaN,
        digests: ['not-a-digest\t1\t1\t1\t1', `${D1}\tx\t1`, `${D2}`, '\t\t\t'],
      }),
    );
    expect(junk.questions).toBeNull();
    expect(junk.digests).toEqual([]);
    expect(() => mysqlDriver.derive(junk, junk, ctx)).not.toThrow();
  });

  it('sessions in a lock wait are listed once, with whom they wait on; junk in blocked_by is dropped', () => {
    const out = answer();
    const head = 'ID\tUSER\tCOMMAND\tSTATE\tTIME\tINFO';
    out.stdout += [
      '@@sessions',
      '@@sessions',
      head,
      '7\tapp\tQuery\tUpdating\t400\tUPDATE t SET a = 1',
      '@@locks',
      '@@locks',
      `${head}\tblocked_by`,
      '7\tapp\tQuery\tUpdating\t400\tUPDATE t SET a = 1\t9,x,,12',
      '9\tapp\tSleep\t\t3\tNULL\tNULL',
      'x\tjunk\tQuery\t\t1\tNULL\t9',
      '',
    ].join('\n');
    const s = snap(out);
    expect(s.sessions.map((x) => [x.pid, x.state, x.query, x.blockedBy])).toEqual([
      [7, 'Query', 'UPDATE t SET a = 1', [9, 12]],
      [9, 'Sleep', '', []],
    ]);
  });

  it("knows the poll's own digests by their text, and nobody else's", () => {
    const own = mysqlDriver.ownStatement!;
    for (const t of [
      'SELECT ? AS `@@vars` ',
      'SHOW GLOBAL STATUS WHERE `Variable_name` IN (...) ',
      'SHOW SLAVE STATUS',
      'SELECT COALESCE ( MAX ( TIME ) , ? ) AS `oldest` FROM `information_schema` . `PROCESSLIST` AS `greenboard_poll` WHERE',
    ])
      expect([t, own(t)]).toEqual([t, true]);
    for (const t of [
      'SELECT ? ',
      'SELECT ? AS `a`',
      'SELECT * FROM `greenboard_pollx`',
      'SHOW SLAVE STATUS FOR CHANNEL ?',
      'SHOW GLOBAL STATUS',
    ])
      expect([t, own(t)]).toEqual([t, false]);
    // Every statement of the command names the alias or is a marker or one of the known SHOWs.
    const sql = mysqlDriver.command(cfg, { textsFor: [D1], longQuerySec: 30 }).at(-1) ?? '';
    for (const stmt of sql.split(';\n'))
      expect([stmt.slice(0, 60), /greenboard_poll|^SELECT '@@\w+' AS `@@\w+`$|^SHOW /.test(stmt)]).toEqual([
        stmt.slice(0, 60),
        true,
      ]);
  });

  it('the command: sudo prefix, the socket, and only well-formed digests in the texts query', () => {
    const argv = mysqlDriver.command(cfg, { textsFor: [D1, "x') OR 1=1 -- ", D2], longQuerySec: 300.7 });
    expect(argv.slice(0, 6)).toEqual([
      'sudo',
      '-n',
      '-u',
      'root',
      'mysql',
      '--socket=/run/mysqld/mysqld.sock',
    ]);
    const sql = argv[argv.length - 1] ?? '';
    expect(sql).toContain(`DIGEST IN ('${D1}','${D2}')`);
    expect(sql).not.toContain('OR 1=1');
    expect(sql).toContain('TIME >= 300 ');
    expect(mysqlDriver.command({ ...cfg, osUser: null }, { textsFor: [], longQuerySec: 5 })[0]).toBe('mysql');
  });
});
