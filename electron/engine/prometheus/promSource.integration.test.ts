// Against a real Prometheus scraping a real node_exporter (Debian's packages) on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusSourceSchema } from '../../../shared/prometheus';
import { SampleSchema } from '../../../shared/schemas';
import {
  startNodeExporter,
  startPrometheus,
  type TestNodeExporter,
  type TestPrometheus,
} from '../testing/prometheus';
import { PrometheusSourcePoller, type RefreshResult } from './promSource';
import {
  NODE_EXPORTER_ARGS,
  prometheusMissingReason,
  staticTargetsYaml,
  waitForTargetsUp,
  writeRuleFile,
} from './testHarness';

const missing = prometheusMissingReason();
const skipNote = missing ? ` (skipped: ${missing})` : '';

/** Values of one metric in node_exporter's own /metrics text, with their label text. */
async function exporterSeries(
  ne: TestNodeExporter,
  name: string,
): Promise<{ labels: string; value: number }[]> {
  const text = await (await fetch(`${ne.url}/metrics`)).text();
  const re = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm');
  return [...text.matchAll(re)].map((m) => ({ labels: m[1] ?? '', value: Number(m[2]) }));
}

/** Refreshes until `done` holds for the result (rates need two scrapes; down needs one more). */
async function refreshUntil(
  poller: PrometheusSourcePoller,
  done: (r: RefreshResult) => boolean,
  timeoutMs = 15_000,
): Promise<RefreshResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await poller.refresh();
    if (done(r)) return r;
    if (Date.now() > deadline)
      throw new Error(`Gave up waiting; last refresh: ${JSON.stringify(r).slice(0, 2000)}`);
    await new Promise((res) => setTimeout(res, 300));
  }
}

const ALERT_RULES = JSON.stringify({
  groups: [
    {
      name: 'greenboard-test',
      rules: [{ alert: 'GreenboardTestAlert', expr: 'up{job="node"} == 1', labels: { severity: 'warning' } }],
    },
  ],
});

describe.skipIf(missing !== null)(`Prometheus source, one node_exporter${skipNote}`, () => {
  let ne: TestNodeExporter;
  let prom: TestPrometheus;
  let rules: ReturnType<typeof writeRuleFile>;
  let poller: PrometheusSourcePoller;

  beforeAll(async () => {
    ne = await startNodeExporter(NODE_EXPORTER_ARGS);
    rules = writeRuleFile(ALERT_RULES);
    prom = await startPrometheus({
      yaml: staticTargetsYaml([{ address: ne.target }], { ruleFile: rules.path }),
    });
    await waitForTargetsUp(prom, 1);
    const source = PrometheusSourceSchema.parse({ id: 'prom-test', url: prom.url });
    poller = new PrometheusSourcePoller({ source });
  }, 60_000);
  afterAll(async () => {
    await prom?.stop();
    await ne?.stop();
    rules?.remove();
  });

  it('shows the node_exporter host with the values of its own series', async () => {
    const r = await refreshUntil(
      poller,
      (x) => x.ok && x.targets[0]?.sample?.cpu.busyPct != null && x.targets[0].alerts.length > 0,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.queries).toBeLessThanOrEqual(10);
    expect(r.queries).toBe(7);
    expect(r.targets).toHaveLength(1);
    const [t] = r.targets;
    expect(t).toMatchObject({ instance: ne.target, hostId: `prom-test:${ne.target}`, job: 'node', up: true });
    const s = SampleSchema.parse(t?.sample);
    const [memTotal] = await exporterSeries(ne, 'node_memory_MemTotal_bytes');
    expect(s.mem.totalBytes).toBe(memTotal?.value);
    const idleCpus = (await exporterSeries(ne, 'node_cpu_seconds_total')).filter((x) =>
      x.labels.includes('mode="idle"'),
    );
    expect(s.cpu.cores).toBe(idleCpus.length);
    const [swapTotal] = await exporterSeries(ne, 'node_memory_SwapTotal_bytes');
    expect(s.swap.totalBytes).toBe(swapTotal?.value);
    const [boot] = await exporterSeries(ne, 'node_boot_time_seconds');
    expect(Math.abs(s.uptimeSec - (Date.now() / 1000 - (boot?.value ?? 0)))).toBeLessThan(5);
    const rootSize = (await exporterSeries(ne, 'node_filesystem_size_bytes')).find((x) =>
      x.labels.includes('mountpoint="/"'),
    );
    if (rootSize) expect(s.disks.find((d) => d.mount === '/')?.totalBytes).toBe(rootSize.value);
    expect(s.cpu.busyPct).toBeGreaterThanOrEqual(0);
    expect(s.cpu.busyPct).toBeLessThanOrEqual(100);
    expect(s.load).toHaveLength(3);
    expect(s.net.map((n) => n.iface)).not.toContain('lo');
    expect(s.net.length).toBeGreaterThan(0);
    expect(s.net.every((n) => n.errPs !== null)).toBe(true);
    expect(s.processCount).toBeGreaterThan(0);
    expect(t?.alerts.map((a) => a.labels.alertname)).toEqual(['GreenboardTestAlert']);
  });

  it('charts a metric with at most maxPoints points', async () => {
    const now = Date.now();
    const r = await poller.rangeQuery(ne.target, 'mem.total_bytes', now - 30_000, now, 10);
    if (!r.ok) throw new Error(r.error);
    expect(r.stepSec).toBe(3);
    expect(r.series).toHaveLength(1);
    const points = r.series[0]?.points ?? [];
    expect(points.length).toBeGreaterThan(0);
    expect(points.length).toBeLessThanOrEqual(10);
    const [memTotal] = await exporterSeries(ne, 'node_memory_MemTotal_bytes');
    expect(points.every(([, v]) => v === memTotal?.value)).toBe(true);
  });

  it('shows the target down, with the reason, once node_exporter stops', async () => {
    await ne.stop();
    const r = await refreshUntil(poller, (x) => x.ok && x.targets[0]?.up === false);
    if (!r.ok) throw new Error(r.error);
    expect(r.queries).toBe(8);
    expect(r.targets[0]).toMatchObject({
      up: false,
      sample: null,
      downReason: expect.stringMatching(/^target down: .*connection refused/),
    });
  });

  it('says Prometheus is unreachable once it stops', async () => {
    await prom.stop();
    const r = await poller.refresh();
    expect(r).toMatchObject({
      ok: false,
      code: 'unreachable',
      error: expect.stringMatching(new RegExp(`^Prometheus at ${prom.url} is unreachable: ECONNREFUSED`)),
    });
  });
});

describe.skipIf(missing !== null)(`Prometheus source, 20 static targets${skipNote}`, () => {
  let ne: TestNodeExporter;
  let prom: TestPrometheus;

  beforeAll(async () => {
    ne = await startNodeExporter(NODE_EXPORTER_ARGS);
    const targets = Array.from({ length: 20 }, (_, i) => ({
      address: ne.target,
      instance: `node-${String(i + 1).padStart(2, '0')}`,
    }));
    prom = await startPrometheus({ yaml: staticTargetsYaml(targets) });
    await waitForTargetsUp(prom, 20);
  }, 60_000);
  afterAll(async () => {
    await prom?.stop();
    await ne?.stop();
  });

  it('shows 20 hosts for the same number of queries as one', async () => {
    const source = PrometheusSourceSchema.parse({ id: 'fleet', url: prom.url });
    const poller = new PrometheusSourcePoller({ source });
    const r = await refreshUntil(
      poller,
      (x) => x.ok && x.targets.length === 20 && x.targets.every((t) => t.sample?.cpu.busyPct != null),
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.queries).toBe(7);
    expect(r.targets.map((t) => t.hostId)).toEqual(
      Array.from({ length: 20 }, (_, i) => `fleet:node-${String(i + 1).padStart(2, '0')}`),
    );
    const [memTotal] = await exporterSeries(ne, 'node_memory_MemTotal_bytes');
    for (const t of r.targets) expect(t.sample?.mem.totalBytes).toBe(memTotal?.value);
  });
});
