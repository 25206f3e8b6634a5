// The Prometheus fleet on a board with alerting, wired as the engine wires them, against a real
// Prometheus scraping a real node_exporter (Debian's packages) on loopback: discovery, values,
// links, alerts, charts (through the history slice).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardEntry } from '../../../shared/schemas';
import { promised } from '../api';
import { systemClock } from '../clock';
import { historyHandlers } from '../historyHandlers';
import { alertingRig } from '../testing/alertingRig';
import {
  startNodeExporter,
  startPrometheus,
  type TestNodeExporter,
  type TestPrometheus,
} from '../testing/prometheus';
import { PromFleet, secretEnvName, wirePromFleet, withPromAlerts } from './promFleet';
import {
  NODE_EXPORTER_ARGS,
  prometheusMissingReason,
  staticTargetsYaml,
  waitForTargetsUp,
  writeRuleFile,
} from './testHarness';

const missing = prometheusMissingReason();
const skipNote = missing ? ` (skipped: ${missing})` : '';

const ALERT_RULES = JSON.stringify({
  groups: [
    {
      name: 'greenboard-fleet-test',
      rules: [
        { alert: 'FleetTestAlert', expr: 'up{instance="node-b"} == 1', labels: { severity: 'warning' } },
      ],
    },
  ],
});

async function memTotalOf(ne: TestNodeExporter): Promise<number> {
  const text = await (await fetch(`${ne.url}/metrics`)).text();
  const m = /^node_memory_MemTotal_bytes (\S+)$/m.exec(text);
  return Number(m?.[1]);
}

/** The fleet, the board it puts hosts on (with alerting) and the slices the tests call. */
function fleetRig(dir: string) {
  const rig = alertingRig({
    dataDir: dir,
    clock: systemClock,
    // Only the sources' hosts are on this board, and each is read from its source's refresh.
    createCollector: (host, _clock, onLinkChange) =>
      promFleet.collectorFor(host, (_link, changed) => onLinkChange(changed)),
  });
  const { ctx, alerting } = rig;
  const promFleet = new PromFleet(ctx);
  wirePromFleet(ctx.hosts, promFleet, ctx.settingsService);
  return {
    hosts: ctx.hosts,
    store: ctx.store,
    writer: ctx.writer,
    settingsService: ctx.settingsService,
    promFleet,
    api: promised({ ...rig.handlers, ...historyHandlers({ ...ctx, alerting, promFleet }) }),
    start: (): void => {
      rig.start();
      promFleet.start();
    },
    stop: async (): Promise<void> => {
      promFleet.stop();
      await rig.stop();
    },
  };
}
type Engine = ReturnType<typeof fleetRig>;

/** Polls `get` until it returns something truthy. */
async function until<T>(
  what: string,
  get: () => T | null | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('withPromAlerts', () => {
  const alert = (severity: string) => ({
    labels: { alertname: 'A', severity },
    annotations: {},
    state: 'firing' as const,
  });
  it('makes a green host amber (red for critical) and keeps grey', () => {
    expect(withPromAlerts({ state: 'green', reasons: [] }, [alert('warning')])).toEqual({
      state: 'amber',
      reasons: ['prometheus alert: A (warning)'],
    });
    expect(withPromAlerts({ state: 'amber', reasons: [] }, [alert('critical')]).state).toBe('red');
    expect(withPromAlerts({ state: 'grey', reasons: ['x'] }, [alert('warning')]).state).toBe('grey');
  });
  it('names the env variable of a source secret', () => {
    expect(secretEnvName('prom-main')).toBe('GREENBOARD_PROMETHEUS_SECRET_PROM_MAIN');
  });
});

describe.skipIf(missing !== null)(`engine with a Prometheus source${skipNote}`, () => {
  let ne: TestNodeExporter;
  let prom: TestPrometheus;
  let rules: ReturnType<typeof writeRuleFile>;
  let engine: Engine;
  let dir: string;
  let mainId: string;
  const entry = (id: string): BoardEntry | undefined => engine.hosts.board().find((e) => e.host.id === id);
  const promEntries = () => engine.hosts.board().filter((e) => e.host.kind === 'prometheus');

  beforeAll(async () => {
    ne = await startNodeExporter(NODE_EXPORTER_ARGS);
    rules = writeRuleFile(ALERT_RULES);
    prom = await startPrometheus({
      yaml: staticTargetsYaml([{ address: ne.target }, { address: ne.target, instance: 'node-b' }], {
        ruleFile: rules.path,
      }),
    });
    await waitForTargetsUp(prom, 2);
    dir = mkdtempSync(join(tmpdir(), 'gb-promfleet-'));
    engine = fleetRig(dir);
    engine.settingsService.update({
      prometheus: [
        { id: 'prom', url: prom.url, selector: 'job="node"', auth: { kind: 'none' }, refreshMs: 1000 },
      ],
    });
    engine.start();
    mainId = `prom:${ne.target}`;
  }, 60_000);
  afterAll(async () => {
    await engine?.stop();
    await prom?.stop();
    await ne?.stop();
    rules?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows each target as a prometheus host with node_exporter values, in few queries', async () => {
    const e = await until('the target with a sample', () => {
      const x = entry(mainId);
      return x?.latest?.cpu.busyPct != null && x;
    });
    expect(e.host).toMatchObject({
      kind: 'prometheus',
      name: '127.0.0.1',
      tags: ['prometheus', 'prom'],
      prometheus: { sourceId: 'prom', instance: ne.target, job: 'node' },
    });
    expect(e.latest?.mem.totalBytes).toBe(await memTotalOf(ne));
    expect(e.link.state).toBe('ok');
    expect(promEntries().map((x) => x.host.id)).toEqual(expect.arrayContaining([mainId, 'prom:node-b']));
    const last = engine.promFleet.lastRefresh('prom');
    expect(last?.ok && last.targets.length).toBe(2);
    expect(last?.queries).toBeLessThanOrEqual(10);
    // One refresh per refreshMs for the whole source, not one per host: count them over 3 s.
    const seen = new Set<number>();
    const end = Date.now() + 3000;
    while (Date.now() < end) {
      const r = engine.promFleet.lastRefresh('prom');
      if (r) seen.add(r.ts);
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(seen.size).toBeLessThanOrEqual(5);
  });

  it("puts Prometheus' firing alerts on the affected host", async () => {
    const b = await until('the alert on node-b', () => {
      const x = entry('prom:node-b');
      return x?.health.reasons.includes('prometheus alert: FleetTestAlert (warning)') && x;
    });
    expect(['amber', 'red']).toContain(b.health.state);
    expect(entry(mainId)?.health.reasons.join()).not.toContain('FleetTestAlert');
  });

  it('keeps history in Prometheus: nothing stored, charts come from query_range', async () => {
    const to = Date.now();
    const from = to - 30_000;
    const series = [
      { metric: 'mem.total_bytes', labels: '' },
      { metric: 'host.connect_ms', labels: '' },
    ];
    engine.writer?.flush();
    const stored = engine.store.range(mainId, series, from, to, 10);
    expect(stored.series.every((s) => s.length === 0)).toBe(true);
    const r = await engine.api['metrics:range']({ hostId: mainId, series, from, to, maxPoints: 10 });
    const [mem, connect] = r.series;
    expect(mem?.length).toBeGreaterThan(0);
    expect(mem?.length).toBeLessThanOrEqual(10);
    const total = await memTotalOf(ne);
    expect(mem?.every(([, mean, min, max]) => mean === total && min === total && max === total)).toBe(true);
    expect(connect).toEqual([]);
  });

  it("gives the board its Prometheus hosts' trends from query_range, in the same call", async () => {
    const trends = await engine.api['board:trends']({ samples: 10 });
    const points = trends.hosts.find((h) => h.hostId === mainId)?.points ?? [];
    expect(points.length).toBeGreaterThan(0);
    expect(points.length).toBeLessThanOrEqual(10);
    // Oldest first, in the window of 10 refreshes, each with the host's memory use.
    expect(points.map((p) => p[0])).toEqual([...points.map((p) => p[0])].sort((a, b) => a - b));
    expect(points[0]![0]).toBeGreaterThanOrEqual(trends.to - 10 * 1000 - 1000);
    expect(points.every((p) => p[2] !== null && p[2] > 0 && p[2] < 100)).toBe(true);
  });

  it('turns the hosts red "target down" once node_exporter stops', async () => {
    await ne.stop();
    const e = await until('the target down', () => {
      const x = entry(mainId);
      return x?.health.state === 'red' && x;
    });
    expect(e.health.reasons.join('\n')).toMatch(/target down/);
    expect(e.link.state).not.toBe('ok');
    expect(engine.promFleet.lastRefresh('prom')?.queries).toBeLessThanOrEqual(10);
  });

  it('says the source is unreachable, never green, once Prometheus stops', async () => {
    await prom.stop();
    await until('unreachable on every host', () =>
      promEntries().every((x) => x.link.state === 'unreachable' && /is unreachable/.test(x.link.message)),
    );
    for (const x of promEntries()) {
      expect(x.health.state).not.toBe('green');
      expect(x.health.reasons.join('\n')).toMatch(/^Prometheus at .* is unreachable/m);
    }
  });

  it('takes the hosts off the board when the source is removed', () => {
    engine.settingsService.update({ prometheus: [] });
    expect(promEntries()).toEqual([]);
  });
});
