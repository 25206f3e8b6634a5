import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProbeInputSchema } from '../../../shared/probes';
import { promised } from '../api';
import { systemClock } from '../clock';
import { fleetHandlers } from '../fleetHandlers';
import { sshdAvailable, startSshd, type TestSshd } from '../ssh/testing/sshd';
import { waitFor } from '../ssh/testing/waitFor';
import { freePort, nginxAvailable, startNginx, type TestNginx } from '../testing/nginx';
import { sshTestContext } from '../testing/sshContext';
import { testAlerting } from '../testing/testContext';
import { probeHandlers } from './handlers';
import { ProbeService } from './probeService';

// A real sshd on 127.0.0.1 stands in for a fleet host: the probe runs there with its curl,
// over the engine's own SSH session, against a real nginx. Both "hosts" are this machine. The
// probe service, the fleet's slice to add and trust the host, and the engine's SSH collectors.
const ready = sshdAvailable() && nginxAvailable() && existsSync('/usr/bin/curl');

let nginx: TestNginx;
let sshd: TestSshd;
let dir: string;
let engine: Engine | undefined;

type Engine = ReturnType<typeof probesOverSsh>;

beforeAll(async () => {
  if (!ready) return;
  [nginx, sshd] = await Promise.all([startNginx(), startSshd()]);
}, 30_000);
afterAll(async () => {
  await Promise.all([nginx?.stop(), sshd?.stop()]);
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-probe-remote-'));
});
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The probe service on a board whose hosts are reached over SSH, and the slices the tests call. */
function probesOverSsh() {
  const ctx = sshTestContext({ dataDir: dir, clock: systemClock, sshTimeoutMs: 3000 });
  const alerting = testAlerting(ctx);
  const probes = new ProbeService({ ...ctx, alerting });
  return {
    hosts: ctx.hosts,
    store: ctx.store,
    api: promised({ ...fleetHandlers(ctx), ...probeHandlers({ probes }) }),
    start: (): void => {
      ctx.hosts.start();
      alerting.start();
      probes.start();
    },
    stop: async (): Promise<void> => {
      await probes.stop();
      await alerting.stop();
      await ctx.close();
    },
  };
}

/** A started engine with the test sshd as fleet host "srv", trusted and connected. */
async function engineWithHost(): Promise<Engine> {
  const e = probesOverSsh();
  engine = e;
  e.start();
  await e.api['hosts:add']({
    name: 'srv',
    ssh: { user: sshd.user, host: sshd.host, port: sshd.port, identityFile: sshd.clientKeyPath },
    intervalMs: 60_000,
    tags: [],
  });
  const link = () => e.hosts.board().find((x) => x.host.id === 'srv')?.link.state;
  await waitFor(() => link() === 'hostkey_unknown', 'unknown host key');
  await e.api['hosts:trust']({ hostId: 'srv', fingerprint: sshd.hostKeyFingerprint });
  await waitFor(() => link() === 'ok', 'a working SSH link');
  return e;
}

describe.skipIf(!ready)('probes run from a fleet host with curl over SSH', () => {
  it('runs the probe there too and keeps both runs', async () => {
    const e = await engineWithHost();
    const url = nginx.url('gzip', '/health');
    const st = await e.api['probes:add'](ProbeInputSchema.parse({ name: 'api', url, fromHostId: 'srv' }));
    expect(st.last).toMatchObject({ ok: true, fromHostId: null });
    expect(st.lastRemote).toMatchObject({
      ok: true,
      status: 200,
      fromHostId: 'srv',
      remoteAddress: '127.0.0.1',
      contentType: 'text/plain',
    });
    expect(st.lastRemote?.timings.ttfbMs).not.toBeNull();
    expect(st.lastRemote?.timings.tlsMs).toBeNull();
    expect(st.health).toMatchObject({ state: 'green', reasons: [] });
    const kept = await e.api['probes:results']({ probeId: 'api', limit: 10 });
    expect(kept.map((r) => r.fromHostId).sort()).toEqual(['srv', null].sort());
    const rows = e.store.db.prepare('SELECT from_host FROM probe_results ORDER BY from_host').pluck().all();
    expect(rows).toEqual(['', 'srv']);
  }, 60_000);

  it('says the site is down when it fails from both', async () => {
    const e = await engineWithHost();
    const url = `http://127.0.0.1:${await freePort()}/`;
    const st = await e.api['probes:add'](ProbeInputSchema.parse({ name: 'gone', url, fromHostId: 'srv' }));
    expect(st.lastRemote).toMatchObject({ ok: false, errorKind: 'refused' });
    expect(st.health.state).toBe('red');
    expect(st.health.reasons).toContain('fails from this machine and from srv: the site is down');
  }, 60_000);

  it('notes when the host cannot run it because its link is down', async () => {
    const e = await engineWithHost();
    await sshd.kill();
    try {
      await waitFor(() => e.hosts.board().find((x) => x.host.id === 'srv')?.link.state !== 'ok', 'link down');
      const url = nginx.url('gzip', '/health');
      const st = await e.api['probes:add'](ProbeInputSchema.parse({ name: 'api', url, fromHostId: 'srv' }));
      expect(st.lastRemote).toBeNull();
      expect(st.health.state).toBe('green');
      expect(st.health.reasons).toEqual([
        expect.stringMatching(/^not run from srv: its SSH connection is not working/),
      ]);
    } finally {
      await sshd.restart();
    }
  }, 60_000);
});
