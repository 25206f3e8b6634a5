import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promised } from '../api';
import { systemClock } from '../clock';
import { fleetHandlers } from '../fleetHandlers';
import { sshdAvailable, startSshd, type TestSshd } from '../ssh/testing/sshd';
import { waitFor } from '../ssh/testing/waitFor';
import { sshTestContext, type SshTestContext } from '../testing/sshContext';
import { SERVICE_DRIVERS } from './drivers';
import { serviceHandlers } from './serviceHandlers';
import { ServiceWatch } from './serviceWatch';
import { postgresMissing, startPostgres, type TestPostgres } from './testing/postgresServer';
import { allowSudo } from './testing/sudoers';

// A private PostgreSQL cluster on this machine, reached the way a fleet host's is: over the
// engine's SSH session to a real sshd, as the test user, who may run psql as postgres through
// sudo (and nothing else). The service watch with the real drivers, and the fleet's slice.
const missing = (sshdAvailable() ? null : 'no sshd') ?? postgresMissing();

let sshd: TestSshd;
let pg: TestPostgres;
let dir: string;
let ctx: SshTestContext;
let watch: ServiceWatch;
let undoSudo: () => void = () => undefined;
const api = () => promised({ ...fleetHandlers(ctx), ...serviceHandlers(watch) });

beforeAll(async () => {
  if (missing) return;
  [sshd, pg] = await Promise.all([startSshd(), startPostgres()]);
  undoSudo = allowSudo(sshd.user, 'postgres', ['/usr/bin/psql']);
  dir = mkdtempSync(join(tmpdir(), 'gb-svc-ssh-'));
  ctx = sshTestContext({ dataDir: dir, clock: systemClock, sshTimeoutMs: 3000 });
  watch = new ServiceWatch(ctx, SERVICE_DRIVERS);
  ctx.hosts.start();
  await api()['hosts:add']({
    name: 'db-1',
    ssh: { user: sshd.user, host: sshd.host, port: sshd.port, identityFile: sshd.clientKeyPath },
    intervalMs: 60_000,
    tags: [],
  });
  const link = () => ctx.hosts.board().find((x) => x.host.id === 'db-1')?.link.state;
  await waitFor(() => link() === 'hostkey_unknown', 'unknown host key');
  await api()['hosts:trust']({ hostId: 'db-1', fingerprint: sshd.hostKeyFingerprint });
  await waitFor(() => link() === 'ok', 'a working SSH link');
}, 60_000);
afterAll(async () => {
  if (missing) return;
  undoSudo();
  watch.stop();
  await ctx.close();
  pg.stop();
  await sshd.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing)(`a database on an SSH host (${missing ?? 'sshd + PostgreSQL'})`, () => {
  it('reads PostgreSQL through the host session as postgres (sudo -n), one command per poll', async () => {
    const st = await api()['services:add']({
      hostId: 'db-1',
      kind: 'postgres',
      port: pg.port,
      socketDir: pg.socketDir,
    });
    expect(st.message).toBeNull();
    expect(st).toMatchObject({
      status: 'ok',
      config: { id: `db-1/postgres-${pg.port}`, osUser: 'postgres', via: 'peer' },
    });
    expect(st.latest?.metrics['pg.max_connections']).toBeGreaterThan(0);
    expect(st.latest?.metrics['pg.connections']).toBeGreaterThanOrEqual(0);
    pg.run('SELECT count(*) FROM pg_class');
    const again = await api()['services:poll']({ serviceId: st.config.id });
    expect(again.latest?.metrics['pg.tps']).toBeGreaterThan(0);
    // The first answer named the server's own psql; sudo allows /usr/bin/psql only, so that
    // poll fell back to it, said so, and the next ones do not try again.
    const versioned = join(pg.binDir, 'psql');
    expect(again.latest?.notes).toEqual([
      `${versioned} could not be run (sudo: a password is required), so this poll and the next ones use psql from the PATH, which may be slower (Debian's /usr/bin/psql is a Perl wrapper). If sudo refused it, allow ${versioned} too in the host's sudoers line.`,
    ]);
    const third = await api()['services:poll']({ serviceId: st.config.id });
    expect(third).toMatchObject({ status: 'ok', latest: { notes: [] } });
    expect(watch.get(st.config.id)).toMatchObject({ client: null, badClients: new Set([versioned]) });
  }, 30_000);

  it("runs the server's versioned psql from the second poll on when sudoers allows it", async () => {
    const versioned = join(pg.binDir, 'psql');
    const undo = allowSudo(sshd.user, 'postgres', ['/usr/bin/psql', versioned]);
    const input = { hostId: 'db-1', kind: 'postgres', port: pg.port, socketDir: pg.socketDir } as const;
    try {
      await api()['services:remove']({ serviceId: `db-1/postgres-${pg.port}` });
      const st = await api()['services:add'](input);
      expect(watch.get(st.config.id).client).toBe(versioned);
      const again = await api()['services:poll']({ serviceId: st.config.id });
      expect(again).toMatchObject({ status: 'ok', latest: { notes: [] } });
      expect(watch.get(st.config.id)).toMatchObject({ client: versioned, badClients: new Set() });
    } finally {
      undo();
      undoSudo = allowSudo(sshd.user, 'postgres', ['/usr/bin/psql']);
    }
  }, 30_000);

  it('says sudo refused, and what to add, when the login may not become that user', async () => {
    const st = await api()['services:add']({
      hostId: 'db-1',
      kind: 'postgres',
      port: pg.port + 1,
      socketDir: pg.socketDir,
      osUser: 'nobody',
    });
    expect(st).toMatchObject({ status: 'failed', problem: 'refused' });
    expect(st.message).toMatch(/sudo/);
    await api()['services:remove']({ serviceId: st.config.id });
  }, 30_000);

  it('shows a server killed mid-watch as unreachable while the host itself keeps polling', async () => {
    const id = `db-1/postgres-${pg.port}`;
    await pg.kill();
    const st = await api()['services:poll']({ serviceId: id });
    expect(st).toMatchObject({ status: 'failed', problem: 'unreachable' });
    expect(st.message).toMatch(/running|socket|connect/i);
    // The host's own poll is another path: it still answers, its link still ok.
    await ctx.hosts.pollNow('db-1');
    const host = ctx.hosts.board().find((b) => b.host.id === 'db-1');
    expect(host?.link.state).toBe('ok');
    expect(host?.latest?.cpu.cores).toBeGreaterThan(0);
  }, 30_000);
});
