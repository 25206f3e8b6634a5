import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../engine';
import { assembleEngine, handleOf, type Engine } from '../engine/createEngine';
import { startSshd, sshdAvailable, type TestSshd } from '../engine/ssh/testing/sshd';
import { waitFor } from '../engine/ssh/testing/waitFor';
import { prometheusAvailable, startPrometheus, type TestPrometheus } from '../engine/testing/prometheus';
import { GreenboardServer } from './httpServer';

// A real Prometheus scraping a real `greenboard serve` whose engine polls a real sshd over SSH:
// what Prometheus stores must be what the engine measured.
const missing = !prometheusAvailable()
  ? 'Prometheus is not installed (apt-get install prometheus)'
  : !sshdAvailable()
    ? 'OpenSSH sshd is not installed (apt-get install openssh-server)'
    : null;
if (missing) console.warn(`metricsScrape.test.ts skipped: ${missing}`);

const HOST = 'db-1';
const scrapeToken = 'scrape-token-for-prometheus-0123';

describe.skipIf(missing !== null)('Prometheus scraping /metrics', () => {
  let dir: string;
  let engine: Engine;
  let server: GreenboardServer;
  let sshd: TestSshd;
  let prom: TestPrometheus;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gb-scrape-'));
    sshd = await startSshd();
    engine = assembleEngine({
      dataDir: dir,
      mode: 'headless',
      logger: silentLogger,
      knownHostsPath: null,
      sshTimeoutMs: 3000,
      localIntervalMs: 60_000,
    });
    engine.start();
    await engine.api['hosts:add']({
      name: HOST,
      ssh: { user: sshd.user, host: sshd.host, port: sshd.port, identityFile: sshd.clientKeyPath },
      intervalMs: 1000,
      tags: [],
    });
    const entry = () => engine.hosts.board().find((e) => e.host.name === HOST);
    await waitFor(() => entry()?.link.state === 'hostkey_unknown', 'unknown host key');
    await engine.api['hosts:trust']({ hostId: HOST, fingerprint: sshd.hostKeyFingerprint });
    await waitFor(() => entry()?.latest, 'first sample over SSH');
    engine.settingsService.update({ metrics: { scrapeToken } });

    server = new GreenboardServer(handleOf(engine), {
      host: '127.0.0.1',
      port: 0,
      token: 'server-token-not-given-to-prometheus',
      uiDir: join(dir, 'no-ui'),
    });
    await server.listen();
    const target = `127.0.0.1:${server.port}`;
    prom = await startPrometheus({
      scrapeConfigs: [
        { jobName: 'greenboard', targets: [target], bearerToken: scrapeToken },
        { jobName: 'wrong-token', targets: [target], bearerToken: 'not-the-scrape-token-at-all' },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await server?.close();
    await engine?.stop();
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const one = async (promql: string): Promise<number> => {
    const result = await waitFor(async () => {
      const r = await prom.query(promql);
      return r.length ? r : null;
    }, `a result for ${promql}; Prometheus log:\n${prom.log()}`);
    expect(result).toHaveLength(1);
    return Number(result[0]?.value[1]);
  };

  it('stores the SSH host values the engine measured', async () => {
    const latest = engine.hosts.board().find((e) => e.host.name === HOST)?.latest;
    if (!latest) throw new Error(`${HOST} has no sample`);
    const sel = `{job="greenboard",host="${HOST}",host_id="${HOST}",kind="ssh"}`;
    // Stable between polls, so compared exactly.
    expect(await one(`greenboard_host_memory_total_bytes${sel}`)).toBe(latest.mem.totalBytes);
    expect(await one(`greenboard_host_cpu_cores${sel}`)).toBe(latest.cpu.cores);
    const root = latest.disks.find((d) => d.mount === '/');
    if (root) {
      const size = await one(
        `greenboard_host_filesystem_size_bytes{job="greenboard",host="${HOST}",mount="/"}`,
      );
      expect(size).toBe(root.totalBytes);
    }
    const used = await one(`greenboard_host_memory_used_bytes${sel}`);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(latest.mem.totalBytes);
    expect(await one(`greenboard_host_up${sel}`)).toBe(1);
  });

  it("has exactly one health state set for the host, the engine's", async () => {
    const on = await waitFor(async () => {
      const r = await prom.query(`greenboard_host_health{job="greenboard",host="${HOST}"} == 1`);
      return r.length ? r : null;
    }, 'a health series');
    expect(on).toHaveLength(1);
    const state = engine.hosts.board().find((e) => e.host.name === HOST)?.health.state;
    expect(on[0]?.metric.state).toBe(state);
    expect(await prom.query(`greenboard_host_health{job="greenboard",host="${HOST}"}`)).toHaveLength(5);
  });

  it('is down for a scraper with the wrong token', async () => {
    expect(await one('up{job="wrong-token"}')).toBe(0);
    expect(await one('up{job="greenboard"}')).toBe(1);
  });
});
