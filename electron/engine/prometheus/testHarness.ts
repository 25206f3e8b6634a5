// What this module's integration tests and bench add to electron/engine/testing/prometheus.ts:
// a prometheus.yml whose static targets each carry their own `instance` label (many "hosts"
// from one node_exporter), an alerting rule, and a wait for every target's first scrape.
// Config reference: https://prometheus.io/docs/prometheus/2.42/configuration/configuration/
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeExporterAvailable, prometheusAvailable, type TestPrometheus } from '../testing/prometheus';

/** Why the integration tests cannot run here, or null when both binaries are installed. */
export function prometheusMissingReason(): string | null {
  const missing = [
    prometheusAvailable() ? null : 'prometheus',
    nodeExporterAvailable() ? null : 'prometheus-node-exporter',
  ].filter(Boolean);
  return missing.length ? `Debian package(s) ${missing.join(' and ')} not installed` : null;
}

/**
 * node_exporter flags: only the collectors Greenboard's queries read (plus `processes` for the
 * process count), which keeps a 200-target bench affordable on a small machine.
 */
export const NODE_EXPORTER_ARGS = [
  '--collector.disable-defaults',
  ...['cpu', 'diskstats', 'filesystem', 'loadavg', 'meminfo', 'netdev', 'stat', 'processes'].map(
    (c) => `--collector.${c}`,
  ),
];

/** One static target of job "node": where to scrape, and the `instance` label to give it. */
export interface StaticTarget {
  address: string;
  instance?: string;
}

/** A rule file in its own temp dir, for a config's `rule_files`; `remove()` deletes it. */
export function writeRuleFile(yaml: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gb-prom-rules-'));
  const path = join(dir, 'rules.yml');
  writeFileSync(path, yaml);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * prometheus.yml with one job "node" of static targets. An `instance` label set on a target is
 * kept: Prometheus only defaults `instance` to the address when it is absent.
 */
export function staticTargetsYaml(
  targets: StaticTarget[],
  opts: { intervalSec?: number; ruleFile?: string } = {},
) {
  const interval = `${opts.intervalSec ?? 1}s`;
  return JSON.stringify(
    {
      global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
      ...(opts.ruleFile ? { rule_files: [opts.ruleFile] } : {}),
      scrape_configs: [
        {
          job_name: 'node',
          static_configs: targets.map((t) => ({
            targets: [t.address],
            ...(t.instance ? { labels: { instance: t.instance } } : {}),
          })),
        },
      ],
    },
    null,
    2,
  );
}

/** Resolves once `count` targets of job "node" report `up == 1`. */
export async function waitForTargetsUp(
  prom: TestPrometheus,
  count: number,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await prom.query('sum(up{job="node"})').catch(() => []);
    if (Number(row?.value[1] ?? 0) >= count) return;
    if (Date.now() > deadline) {
      throw new Error(`Fewer than ${count} targets up after ${timeoutMs} ms. Prometheus log:\n${prom.log()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resolves once `expr` returns at least one series (e.g. a rate() that needs two scrapes). */
export async function waitForSeries(prom: TestPrometheus, expr: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await prom.query(expr).catch(() => [])).length === 0) {
    if (Date.now() > deadline) throw new Error(`${expr} returned nothing within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
