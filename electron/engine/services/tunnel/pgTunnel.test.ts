import { createServer, type Server } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshdAvailable } from '../../ssh/testing/sshd';
import { freePort } from '../../testing/nginx';
import { SERVICE_DRIVERS } from '../drivers';
import type { PgSnapshot } from '../postgres';
import { pollService } from '../servicePoll';
import { postgresMissing, startPostgres, type TestPostgres } from '../testing/postgresServer';
import { pollKilledMidway, startTunnelRig, type TunnelRig } from '../testing/tunnelRig';

// PostgreSQL reached through a tunnel: `pg` over a forwarded channel of the host's existing SSH
// session to a real sshd, logging in as a password role (SCRAM, as pg_hba.conf says for TCP
// from 127.0.0.1). "db-2" is a host whose sshd refuses port forwarding.
const missing = (sshdAvailable() ? null : 'no sshd') ?? postgresMissing();
const PASSWORD = 'pw-tunnel-7f3a!"quote';

let rig: TunnelRig;
let pg: TestPostgres;
let silent: Server;
let silentPort: number;

beforeAll(async () => {
  if (missing) return;
  pg = await startPostgres();
  pg.run(`CREATE ROLE gbmon LOGIN PASSWORD '${PASSWORD.replace(/'/g, "''")}' IN ROLE pg_monitor`);
  rig = await startTunnelRig({ 'db-1': {}, 'db-2': { refuseForwarding: true } });
  // Accepts and never answers: a server too busy to say anything.
  silent = createServer(() => undefined).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  silentPort = (silent.address() as { port: number }).port;
}, 90_000);
afterAll(async () => {
  if (missing) return;
  silent.close();
  await rig.close();
  pg.stop();
});

const add = (over: Record<string, unknown> = {}) =>
  rig.api()['services:add']({
    hostId: 'db-1',
    kind: 'postgres',
    port: pg.port,
    via: 'tunnel',
    dbUser: 'gbmon',
    ...over,
  } as never);

describe.skipIf(missing)(`PostgreSQL through a tunnel (${missing ?? 'sshd + PostgreSQL'})`, () => {
  it('asks for the password first, then reads the server with it over the session', async () => {
    const first = await add();
    expect(first).toMatchObject({ status: 'failed', problem: 'setup', secretKept: false });
    expect(first.message).toMatch(/No password is kept for PostgreSQL user gbmon/);
    expect(first.message).toMatch(/--password-stdin/);
    await rig.api()['services:secret']({ serviceId: first.config.id, secret: PASSWORD });
    const st = await rig.api()['services:poll']({ serviceId: first.config.id });
    expect(st.message).toBeNull();
    expect(st).toMatchObject({ status: 'ok', secretKept: true, config: { via: 'tunnel', dbUser: 'gbmon' } });
    expect(st.latest?.metrics['pg.max_connections']).toBeGreaterThan(0);
    expect(st.latest?.metrics['pg.statements']).toBeGreaterThan(0);
    pg.run('SELECT count(*) FROM pg_class');
    const again = await rig.api()['services:poll']({ serviceId: first.config.id });
    expect(again.latest?.metrics['pg.tps']).toBeGreaterThan(0);
    // The poll's own statements (marked) stay out of the top list, as with psql.
    const texts = again.latest?.topQueries.map((q) => rig.watch.store.text(first.config.id, q.queryId)) ?? [];
    expect(texts.some((t) => t?.includes('greenboard poll'))).toBe(false);
  }, 30_000);

  it('reads the sections a database allows one by one when one fails, and says how to enable pg_stat_statements', async () => {
    // A database without the extension, with a big table, where the role may not run one
    // function the big-tables section calls: each fails on its own, the rest of the poll is read.
    pg.run('CREATE DATABASE noext');
    pg.run("CREATE TABLE big AS SELECT g, repeat('x', 120) AS pad FROM generate_series(1, 80000) g", 'noext');
    pg.run('VACUUM ANALYZE big', 'noext');
    const st = await add({ database: 'noext' });
    await rig.api()['services:secret']({ serviceId: st.config.id, secret: PASSWORD });
    const remote = rig.ctx.collectors.get('db-1')?.remote;
    if (!remote) throw new Error('no SSH remote for db-1');
    const poll = () =>
      pollService(SERVICE_DRIVERS.postgres!, st.config, remote, null, { textsFor: [] }, Date.now, {
        opener: remote,
        secret: PASSWORD,
      });
    const whole = await poll();
    if (!whole.ok) throw new Error(whole.message);
    expect((whole.snap as PgSnapshot).tables.map((t) => t.name)).toEqual(['public.big']);
    pg.run('REVOKE EXECUTE ON FUNCTION pg_stat_get_dead_tuples(oid) FROM PUBLIC', 'noext');
    const r = await poll();
    if (!r.ok) throw new Error(r.message);
    const snap = r.snap as PgSnapshot;
    expect(snap.tables).toEqual([]);
    expect(snap.maxConnections).toBeGreaterThan(0);
    expect(snap.unusedIndexes).toEqual([]);
    expect(snap.db?.commits).toBeGreaterThan(0);
    expect(snap.statements).toBeNull();
    expect(r.derived.reading.notes.join('\n')).toMatch(/CREATE EXTENSION pg_stat_statements in noext/);
    await rig.api()['services:remove']({ serviceId: st.config.id });
  }, 30_000);

  it("says the database refused the user's password, and how to set it again", async () => {
    const st = await add({ port: pg.port });
    await rig.api()['services:secret']({ serviceId: st.config.id, secret: 'not-the-password' });
    const r = await rig.api()['services:poll']({ serviceId: st.config.id });
    expect(r).toMatchObject({ status: 'failed', problem: 'refused' });
    expect(r.message).toMatch(/refused user gbmon's password.*set it again/);
    expect(r.message).not.toContain('not-the-password');
    await rig.api()['services:secret']({ serviceId: st.config.id, secret: PASSWORD });
    expect((await rig.api()['services:poll']({ serviceId: st.config.id })).status).toBe('ok');
  }, 30_000);

  it('says nothing listens when the port is closed on the host', async () => {
    const port = await freePort();
    const st = await add({ port });
    await rig.api()['services:secret']({ serviceId: st.config.id, secret: PASSWORD });
    const r = await rig.api()['services:poll']({ serviceId: st.config.id });
    expect(r).toMatchObject({ status: 'failed', problem: 'unreachable' });
    expect(r.message).toMatch(new RegExp(`not running on port ${port}`));
    await rig.api()['services:remove']({ serviceId: st.config.id });
  }, 30_000);

  it('says sshd refuses port forwarding, in those words', async () => {
    const st = await add({ hostId: 'db-2' });
    await rig.api()['services:secret']({ serviceId: st.config.id, secret: PASSWORD });
    const r = await rig.api()['services:poll']({ serviceId: st.config.id });
    expect(r).toMatchObject({ status: 'failed', problem: 'setup' });
    expect(r.message).toMatch(/refuses port forwarding \(AllowTcpForwarding no/);
    // The host itself is fine: forwarding is one thing its sshd does not allow.
    expect(rig.ctx.hosts.board().find((b) => b.host.id === 'db-2')?.link.state).toBe('ok');
  }, 30_000);

  it('times out on a server that accepts and never answers, within the poll deadline', async () => {
    const st = await add({ port: silentPort, intervalMs: 5_000 });
    await rig.api()['services:secret']({ serviceId: st.config.id, secret: PASSWORD });
    const r = await rig.api()['services:poll']({ serviceId: st.config.id });
    expect(r).toMatchObject({ status: 'failed', problem: 'timeout' });
    await rig.api()['services:remove']({ serviceId: st.config.id });
  }, 30_000);

  it('never lets the password out: not in states, messages, logs or the data folder', async () => {
    const states = JSON.stringify(await rig.api()['services:list']({}));
    expect(states).not.toContain(PASSWORD);
    expect(rig.logs.join('\n')).not.toContain(PASSWORD);
    for (const f of readdirSync(rig.dir))
      expect(readFileSync(join(rig.dir, f)).includes(Buffer.from(PASSWORD))).toBe(false);
    // The contract refuses an empty one with words, and a peer service takes none.
    await expect(rig.api()['services:secret']({ serviceId: 'db-1/nope', secret: 'x' })).rejects.toThrow(
      /No service/,
    );
  });

  it('a server killed in the middle of a poll is unreachable, never half a reading; the host keeps polling', async () => {
    // A simple-protocol Query message starts with "Q": after the login, the server is killed as
    // the answer to the first one (the server's views) arrives; the second (its statements) goes
    // to a server already dead.
    const { first, queries, next, host } = await pollKilledMidway(
      rig,
      'db-1',
      `db-1/postgres-${pg.port}`,
      PASSWORD,
      { is: (c) => c[0] === 0x51, nth: 1 },
      () => pg.kill(),
    );
    // No third message: the poll stopped there, and never retried section by section.
    expect(queries).toBe(2);
    expect(first).toMatchObject({ ok: false, problem: 'unreachable' });
    if (!first.ok) expect(first.message).toMatch(/during the poll/);
    // The watch's next poll finds nothing on the port; the host's own poll is another path.
    expect(next).toMatchObject({ status: 'failed', problem: 'unreachable' });
    expect(host?.link.state).toBe('ok');
    expect(host?.latest?.cpu.cores).toBeGreaterThan(0);
  }, 30_000);
});
