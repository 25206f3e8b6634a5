import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshdAvailable } from '../../ssh/testing/sshd';
import { mariadbMissingReason, startMariadb, type TestMariadb } from '../testing/mariadbServer';
import { pollKilledMidway, startTunnelRig, type TunnelRig } from '../testing/tunnelRig';

// MariaDB reached through a tunnel: mysql2 over a forwarded channel of the host's SSH session to
// a real sshd, logging in as a password user with the grants a monitor needs. The same
// statements as the peer poll, printed as mysql --batch prints them, read by the same parse.
const missing = (sshdAvailable() ? null : 'no sshd') ?? mariadbMissingReason();
const PASSWORD = 'my-tunnel\tpw\\9';

let rig: TunnelRig;
let db: TestMariadb;

beforeAll(async () => {
  if (missing) return;
  db = await startMariadb();
  const quoted = PASSWORD.replace(/\\/g, '\\\\').replace(/\t/g, '\\t');
  const r = await db.run(
    `CREATE USER gbmon@'%' IDENTIFIED BY '${quoted}'; GRANT PROCESS, REPLICATION CLIENT ON *.* TO gbmon@'%'; GRANT SELECT ON performance_schema.* TO gbmon@'%'`,
  );
  if (r.exitCode !== 0) throw new Error(r.stderr);
  rig = await startTunnelRig({ 'db-1': {} });
}, 90_000);
afterAll(async () => {
  if (missing) return;
  await rig.close();
  await db.stop();
});

describe.skipIf(missing)(`MariaDB through a tunnel (${missing ?? 'sshd + MariaDB'})`, () => {
  it('needs a DB user, asks for the password, then reads the server with it', async () => {
    await expect(
      rig.api()['services:add']({ hostId: 'db-1', kind: 'mysql', port: db.port, via: 'tunnel' }),
    ).rejects.toThrow(/database user/);
    const first = await rig.api()['services:add']({
      hostId: 'db-1',
      kind: 'mysql',
      port: db.port,
      via: 'tunnel',
      dbUser: 'gbmon',
      osUser: null,
      socketDir: null,
    });
    expect(first).toMatchObject({ status: 'failed', problem: 'setup' });
    expect(first.message).toMatch(/No password is kept for MySQL\/MariaDB user gbmon/);
    await rig.api()['services:secret']({ serviceId: first.config.id, secret: PASSWORD });
    const st = await rig.api()['services:poll']({ serviceId: first.config.id });
    expect(st.message).toBeNull();
    expect(st.status).toBe('ok');
    expect(st.latest?.metrics['mysql.max_connections']).toBeGreaterThan(0);
    expect(st.latest?.metrics['mysql.threads_connected']).toBeGreaterThanOrEqual(1);
    await db.run('SELECT COUNT(*) FROM information_schema.TABLES');
    const again = await rig.api()['services:poll']({ serviceId: first.config.id });
    expect(again.latest?.metrics['mysql.qps']).toBeGreaterThan(0);
    // performance_schema was read through the tunnel: no note saying it could not be.
    expect(again.latest?.notes.join(' ')).not.toMatch(/performance_schema/);
    expect(again.latest?.topQueries.length).toBeGreaterThan(0);
  }, 30_000);

  it("says the server refused the user's password, without the password", async () => {
    const id = `db-1/mysql-${db.port}`;
    await rig.api()['services:secret']({ serviceId: id, secret: 'wrong-one' });
    const r = await rig.api()['services:poll']({ serviceId: id });
    expect(r).toMatchObject({ status: 'failed', problem: 'refused' });
    expect(r.message).toMatch(/refused user gbmon's password.*set it again/);
    expect(r.message).not.toContain('wrong-one');
    await rig.api()['services:secret']({ serviceId: id, secret: PASSWORD });
    expect((await rig.api()['services:poll']({ serviceId: id })).status).toBe('ok');
    expect(JSON.stringify(await rig.api()['services:list']({}))).not.toContain(PASSWORD);
    expect(rig.logs.join('\n')).not.toContain('wrong-one');
  }, 30_000);

  it('a server killed in the middle of a poll is unreachable, never half a reading; the host keeps polling', async () => {
    // A COM_QUERY packet (its command byte after the 4-byte header): the login and three
    // statements done, the server is killed as the third's answer arrives.
    const { first, queries, next, host } = await pollKilledMidway(
      rig,
      'db-1',
      `db-1/mysql-${db.port}`,
      PASSWORD,
      { is: (c) => c[4] === 0x03, nth: 3 },
      () => db.kill(),
    );
    expect(queries).toBeGreaterThanOrEqual(3);
    expect(first).toMatchObject({ ok: false, problem: 'unreachable' });
    if (!first.ok) expect(first.message).toMatch(/during the poll/);
    expect(next).toMatchObject({ status: 'failed', problem: 'unreachable' });
    expect(host?.link.state).toBe('ok');
  }, 30_000);
});
