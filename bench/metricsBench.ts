import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Gauge, Registry } from 'prom-client';
import { systemClock } from '../electron/engine/clock';
import {
  exportedEntries,
  hostLabels,
  METRIC_FAMILIES,
  METRICS_GZIP_LEVEL,
  renderMetrics,
  serveMetrics,
  type MetricsSource,
} from '../electron/server/metricsExport';
import type { BoardEntry, HealthState } from '../shared/schemas';
import { parseArgs, summarize } from './harness';
import { prng, SimulatedCollector } from './simCollector';

/**
 * `/metrics` render time for N hosts (issue 8): a board of N simulated SSH hosts (see
 * simCollector.ts; the board object stands in for the engine, which adds nothing to the render),
 * rendered again and again as a scrape would. Measured:
 *   - render: renderMetrics(), the text format written directly (what GET /metrics uses);
 *   - gzip: rendering and compressing at the exporter's level, as Prometheus asks for gzip;
 *   - promClient: the same series through prom-client 15 (Registry + Gauges, reset and refilled
 *     each scrape, then registry.metrics()), the alternative the exporter was measured against;
 *   - http: a whole GET /metrics with gzip through serveMetrics on a loopback server.
 * Prints one JSON line, then a human line.
 *
 *   node --import tsx bench/metricsBench.ts --hosts=500 --iterations=200
 */
const { flags } = parseArgs();
const num = (k: string, d: number): number =>
  flags[k] && Number.isFinite(Number(flags[k])) ? Number(flags[k]) : d;
const HOSTS = num('hosts', 500);
const ITERATIONS = num('iterations', 200);
const WARMUP = Math.max(5, Math.round(ITERATIONS / 10));
const round = (x: number, d = 3): number => Number(x.toFixed(d));

async function simulatedBoard(n: number): Promise<BoardEntry[]> {
  const rnd = prng(8);
  const states: HealthState[] = ['green', 'green', 'green', 'green', 'amber', 'red', 'grey', 'waiting'];
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const id = `sim-${String(i).padStart(3, '0')}`;
      const state = states[Math.floor(rnd() * states.length)] ?? 'green';
      const latest =
        state === 'waiting' ? null : await new SimulatedCollector(id, i + 1, systemClock).collect();
      return {
        host: { id, name: id, kind: 'ssh', intervalMs: 5000, tags: [] },
        health: { hostId: id, state, reasons: [], lastSampleTs: latest?.ts ?? null, since: 0 },
        latest,
        link: {
          state: latest ? 'ok' : 'connecting',
          message: '',
          since: 0,
          pendingKey: null,
          connectMs: 1,
          pollMs: latest ? 2 + rnd() * 40 : null,
        },
      } satisfies BoardEntry;
    }),
  );
}

async function time(n: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < WARMUP + n; i++) {
    const t0 = performance.now();
    await fn();
    if (i >= WARMUP) out.push(performance.now() - t0);
  }
  return out;
}

/** prom-client's way: one Gauge per family, refilled from the board on each scrape. */
function promClientRenderer(): (board: BoardEntry[]) => Promise<string> {
  const registry = new Registry();
  const gauges = METRIC_FAMILIES.map(
    (f) =>
      new Gauge({
        name: f.name,
        help: f.help,
        labelNames: ['host', 'host_id', 'kind', 'state', 'mount', 'fstype', 'interface'],
        registers: [registry],
      }),
  );
  return (board) => {
    registry.resetMetrics();
    for (const e of exportedEntries(board)) {
      const labels = hostLabels(e);
      METRIC_FAMILIES.forEach((f, i) => {
        f.collect(e, (value, extra) => gauges[i]?.set(extra ? { ...labels, ...extra } : labels, value));
      });
    }
    return registry.metrics();
  };
}

const board = await simulatedBoard(HOSTS);
const text = renderMetrics(board);
const series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
const gzipped = gzipSync(Buffer.from(text), { level: METRICS_GZIP_LEVEL });

const render = summarize(await time(ITERATIONS, () => renderMetrics(board)));
const gzip = summarize(
  await time(ITERATIONS, () => gzipSync(Buffer.from(renderMetrics(board)), { level: METRICS_GZIP_LEVEL })),
);
const viaPromClient = promClientRenderer();
const promText = await viaPromClient(board);
const promClient = summarize(await time(Math.min(ITERATIONS, 50), () => viaPromClient(board)));

const token = 'bench-token-0123456789';
const source: MetricsSource = { board: () => board, scrapeToken: () => null };
const server = createServer((req, res) => {
  void serveMetrics(req, res, new URL(req.url ?? '/', 'http://x'), source, token);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
const http = summarize(
  await time(Math.min(ITERATIONS, 100), async () => {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
    });
    await res.text();
  }),
);
await new Promise((r) => server.close(r));

const result = {
  scenario: 'metricsRender',
  hosts: HOSTS,
  series,
  iterations: render.n,
  p50Ms: round(render.p50Ms),
  p95Ms: round(render.p95Ms),
  bytes: Buffer.byteLength(text),
  gzipBytes: gzipped.length,
  renderGzipP50Ms: round(gzip.p50Ms),
  renderGzipP95Ms: round(gzip.p95Ms),
  promClientP50Ms: round(promClient.p50Ms),
  promClientP95Ms: round(promClient.p95Ms),
  promClientBytes: Buffer.byteLength(promText),
  httpGzipP50Ms: round(http.p50Ms),
  httpGzipP95Ms: round(http.p95Ms),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stdout.write(
  `/metrics for ${HOSTS} hosts (${series} series, ${(result.bytes / 1024).toFixed(0)} KiB, ` +
    `${(result.gzipBytes / 1024).toFixed(0)} KiB gzipped): render p50 ${result.p50Ms} ms / p95 ${result.p95Ms} ms; ` +
    `render+gzip p50 ${result.renderGzipP50Ms} ms; prom-client p50 ${result.promClientP50Ms} ms; ` +
    `GET over HTTP p50 ${result.httpGzipP50Ms} ms\n`,
);
