// A real Prometheus and node_exporter (Debian's packages) on 127.0.0.1 for integration tests:
// each in its own temp dir and port, run as a child of the test process. Not for production use.
// Config reference: https://prometheus.io/docs/prometheus/latest/configuration/configuration/
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './nginx';

const PROMETHEUS = '/usr/bin/prometheus';
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const READY_TIMEOUT_MS = 20_000;

/** True when Prometheus is installed (Debian package `prometheus`). */
export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS);
}

/** True when node_exporter is installed (Debian package `prometheus-node-exporter`). */
export function nodeExporterAvailable(): boolean {
  return existsSync(NODE_EXPORTER);
}

/** One scrape job; rendered into prometheus.yml. */
export interface ScrapeConfig {
  jobName: string;
  /** `host:port` targets. */
  targets: string[];
  metricsPath?: string;
  /** Seconds; default 1. */
  intervalSeconds?: number;
  bearerToken?: string;
  /** Labels added to every target of this job. */
  labels?: Record<string, string>;
}

export interface StartPrometheusOptions {
  /** Scrape jobs to generate prometheus.yml from; ignored when `yaml` is given. */
  scrapeConfigs?: ScrapeConfig[];
  /** A whole prometheus.yml, used as is. */
  yaml?: string;
}

/** A running test Prometheus. */
export interface TestPrometheus {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  port: number;
  dir: string;
  /** Its stdout and stderr so far, for failure messages. */
  log: () => string;
  /** GET /api/v1/query; resolves with `data.result` or throws with Prometheus' error. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Stops Prometheus and removes its temp dir. Idempotent. */
  stop: () => Promise<void>;
}

/** prometheus.yml for the given jobs. JSON is valid YAML, so no YAML writer is needed. */
export function prometheusYaml(jobs: ScrapeConfig[]): string {
  return JSON.stringify(
    {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: jobs.map((j) => ({
        job_name: j.jobName,
        scrape_interval: `${j.intervalSeconds ?? 1}s`,
        scrape_timeout: `${j.intervalSeconds ?? 1}s`,
        metrics_path: j.metricsPath ?? '/metrics',
        ...(j.bearerToken ? { authorization: { type: 'Bearer', credentials: j.bearerToken } } : {}),
        static_configs: [{ targets: j.targets, ...(j.labels ? { labels: j.labels } : {}) }],
      })),
    },
    null,
    2,
  );
}

interface Child {
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

function startChild(bin: string, args: string[], cleanup: () => void): Child {
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let stopped: Promise<void> | null = null;
  return {
    proc,
    log: () => output,
    stop: () =>
      (stopped ??= (async () => {
        if (proc.exitCode === null && proc.signalCode === null) {
          proc.kill('SIGTERM');
          const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        cleanup();
      })()),
  };
}

/** Polls `url` until it answers 200, the child exits, or the deadline passes. */
async function waitReady(child: Child, url: string, what: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.proc.exitCode !== null) {
      throw new Error(`${what} exited with code ${child.proc.exitCode} before it was ready:\n${child.log()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${what} was not ready at ${url} within ${READY_TIMEOUT_MS} ms:\n${child.log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts Prometheus on a free loopback port with a generated (or given) config and a temp TSDB,
 * and resolves once `/-/ready` answers. Call `stop()` in afterAll.
 */
export async function startPrometheus(opts: StartPrometheusOptions): Promise<TestPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'gb-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, opts.yaml ?? prometheusYaml(opts.scrapeConfigs ?? []));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startChild(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    () => rmSync(dir, { recursive: true, force: true }),
  );
  await waitReady(child, `${url}/-/ready`, 'Prometheus');
  return {
    url,
    port,
    dir,
    log: child.log,
    stop: child.stop,
    async query(promql) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as {
        status: string;
        error?: string;
        data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (body.status !== 'success' || !body.data)
        throw new Error(`query ${promql} failed: ${body.error ?? res.status}`);
      return body.data.result;
    },
  };
}

/** A running test node_exporter. */
export interface TestNodeExporter {
  /** `127.0.0.1:PORT`, as a Prometheus target. */
  target: string;
  url: string;
  port: number;
  /** Its stdout and stderr so far, for failure messages. */
  log: () => string;
  /** Stops node_exporter. Idempotent. */
  stop: () => Promise<void>;
}

/**
 * Starts node_exporter on a free loopback port and resolves once `/metrics` answers.
 * `args` are passed on (e.g. `--no-collector.wifi`).
 */
export async function startNodeExporter(args: string[] = []): Promise<TestNodeExporter> {
  const port = await freePort();
  const target = `127.0.0.1:${port}`;
  const child = startChild(NODE_EXPORTER, [`--web.listen-address=${target}`, ...args], () => undefined);
  await waitReady(child, `http://${target}/metrics`, 'node_exporter');
  return { target, url: `http://${target}`, port, log: child.log, stop: child.stop };
}
