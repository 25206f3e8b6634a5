// One Prometheus data source: discovers its node_exporter targets and turns them into board
// hosts with a fixed number of queries per refresh, whatever the number of targets.
import type { MetricName } from '../../../shared/metrics';
import type { PrometheusSource } from '../../../shared/prometheus';
import type { Sample } from '../../../shared/schemas';
import type { Clock } from '../clock';
import { PromClient, type PromAlert, type PromErrorCode, type PromVectorSample } from './promClient';
import { BOARD_FAMILIES, boardQueries, rangeExpr, type BoardFamily } from './queries';
import { buildSamples, parseUp, promNumber } from './samples';
import { parseSelector } from './selector';

/** One scrape target of the source, as a board host. */
/** How far back a refresh reads, so a scrape in progress has landed (or not) for every query alike. */
const SNAPSHOT_LAG_SEC = 1;

export interface PrometheusTargetState {
  /** `${source.id}:${instance}`. */
  hostId: string;
  instance: string;
  job: string;
  up: boolean;
  /** Why the target is down, in words (Prometheus' last scrape error where it has one). */
  downReason: string | null;
  /** Null while down, or when the target has no node_exporter series. */
  sample: Sample | null;
  /** Prometheus alerts firing now whose `instance` label is this target's. */
  alerts: PromAlert[];
}

/** What went wrong, for the whole source. `bad_selector` is caught before any query. */
export type PrometheusSourceErrorCode = PromErrorCode | 'bad_selector';

export type RefreshResult =
  | {
      ok: true;
      targets: PrometheusTargetState[];
      /** HTTP requests this refresh sent to Prometheus. */
      queries: number;
      ms: number;
      /** When the refresh started (clock ms). */
      ts: number;
      /** Parts that failed without spoiling the values (alerts, down reasons). */
      warnings: string[];
    }
  | { ok: false; code: PrometheusSourceErrorCode; error: string; queries: number; ms: number; ts: number };

/** A chart series: its label string as in flattenSample (`''`, `mount=/`, `iface=eth0`) and points. */
export interface RangeSeries {
  labels: string;
  /** [ms since epoch, value]; gaps where Prometheus had no value. */
  points: [number, number][];
}

export type RangeQueryResult =
  | { ok: true; stepSec: number; series: RangeSeries[] }
  | { ok: false; code: PrometheusSourceErrorCode | 'unsupported'; error: string };

export interface PrometheusSourcePollerOptions {
  source: PrometheusSource;
  /** Bearer token or basic-auth password, when `source.auth` needs one. */
  secret?: string | null;
  fetch?: typeof fetch;
  clock?: Pick<Clock, 'now'>;
  /** Per request; default 5000 ms. */
  timeoutMs?: number;
  /** rate() window in seconds; at least twice the scrape interval. Default 60. */
  rateWindowSec?: number;
}

/**
 * Reads the hosts of one Prometheus source. It keeps no state between refreshes beyond its
 * request counter: the caller schedules {@link refresh} every `source.refreshMs`.
 */
export class PrometheusSourcePoller {
  private readonly client: PromClient;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly selector: ReturnType<typeof parseSelector>;
  private readonly queries: Record<BoardFamily, string> | null;
  private readonly rateWindowSec: number;

  constructor(private readonly opts: PrometheusSourcePollerOptions) {
    const { source } = opts;
    this.client = new PromClient({
      url: source.url,
      auth: source.auth,
      secret: opts.secret,
      fetch: opts.fetch,
      timeoutMs: opts.timeoutMs,
    });
    this.clock = opts.clock ?? { now: () => Date.now() };
    this.rateWindowSec = opts.rateWindowSec ?? 60;
    this.selector = parseSelector(source.selector);
    this.queries = this.selector.ok
      ? boardQueries(this.selector.text, { rateWindow: `${this.rateWindowSec}s` })
      : null;
  }

  /** Requests sent since construction (refreshes and range queries). */
  get requestsIssued(): number {
    return this.client.requests;
  }

  /** The board host id of one of this source's instances. */
  hostIdOf(instance: string): string {
    return `${this.opts.source.id}:${instance}`;
  }

  /**
   * One board refresh: the board queries and /api/v1/alerts in parallel, plus
   * /api/v1/targets only when some target is down. At most 8 requests for any number of targets.
   */
  async refresh(): Promise<RefreshResult> {
    const ts = this.clock.now();
    const before = this.client.requests;
    const done = () => ({ queries: this.client.requests - before, ms: this.clock.now() - ts, ts });
    if (!this.selector.ok || !this.queries) {
      return { ok: false, code: 'bad_selector', error: this.selectorError(), ...done() };
    }
    const queries = this.queries;
    // Every query of one refresh reads the same moment, a second back: run at "now" each, a
    // scrape landing between them gave "up" from before it and no series from after it (a
    // target just stopped read as "up but has no node_exporter series" for a refresh).
    const atSec = Date.now() / 1000 - SNAPSHOT_LAG_SEC;
    const [alerts, ...vectors] = await Promise.all([
      this.client.alerts(),
      ...BOARD_FAMILIES.map((f) => this.client.query(queries[f], atSec)),
    ]);
    const results: Partial<Record<BoardFamily, PromVectorSample[]>> = {};
    for (const [i, family] of BOARD_FAMILIES.entries()) {
      const r = vectors[i];
      if (!r) continue;
      // A partial sample (say CPU without memory) would be judged wrongly by the health rules.
      if (!r.ok) return { ok: false, code: r.error.code, error: r.error.message, ...done() };
      results[family] = r.data;
    }
    const warnings: string[] = [];
    if (!alerts.ok) warnings.push(`Prometheus alerts not shown: ${alerts.error.message}`);
    const up = parseUp(results.up ?? []);
    const reasons = up.some((t) => !t.up) ? await this.downReasons(warnings) : new Map<string, string>();
    const samples = buildSamples(results, this.clock.now() - ts, (i) => this.hostIdOf(i));
    const firing = new Map<string, PromAlert[]>();
    for (const a of alerts.ok ? alerts.data : []) {
      const instance = a.labels.instance;
      if (a.state === 'firing' && instance) firing.set(instance, [...(firing.get(instance) ?? []), a]);
    }
    const targets = up.map((t): PrometheusTargetState => ({
      hostId: this.hostIdOf(t.instance),
      instance: t.instance,
      job: t.job,
      up: t.up,
      downReason: t.up ? null : (reasons.get(t.instance) ?? 'target down (up == 0)'),
      sample: t.up ? (samples.get(t.instance) ?? null) : null,
      alerts: firing.get(t.instance) ?? [],
    }));
    return { ok: true, targets, warnings, ...done() };
  }

  /** Last scrape errors by instance, from /api/v1/targets (one request, only when needed). */
  private async downReasons(warnings: string[]): Promise<Map<string, string>> {
    const r = await this.client.targets();
    const out = new Map<string, string>();
    if (!r.ok) {
      warnings.push(`Why targets are down is not known: ${r.error.message}`);
      return out;
    }
    for (const t of r.data) {
      const instance = t.labels.instance;
      if (instance && t.health !== 'up' && t.lastError) out.set(instance, `target down: ${t.lastError}`);
    }
    return out;
  }

  /**
   * One metric of one instance between `fromMs` and `toMs`, with a step that gives at most
   * `maxPoints` points (never under 1 s). Per-mount and per-interface metrics give a series each.
   */
  async rangeQuery(
    instance: string,
    metric: MetricName,
    fromMs: number,
    toMs: number,
    maxPoints: number,
  ): Promise<RangeQueryResult> {
    if (!this.selector.ok) return { ok: false, code: 'bad_selector', error: this.selectorError() };
    const endSec = Math.ceil(toMs / 1000);
    const stepSec = rangeStepSec(fromMs, toMs, maxPoints);
    // Prometheus returns a point at both ends: start late enough that there are at most maxPoints.
    const startSec = Math.max(
      Math.floor(fromMs / 1000),
      endSec - (Math.max(1, Math.floor(maxPoints)) - 1) * stepSec,
    );
    // A rate() window shorter than the step would skip the counters' growth between points.
    const window = `${Math.max(this.rateWindowSec, stepSec)}s`;
    const q = rangeExpr(metric, this.selector.text, instance, window);
    if (!q) {
      return {
        ok: false,
        code: 'unsupported',
        error: `${metric} is measured by Greenboard's own polling; Prometheus hosts do not have it.`,
      };
    }
    const r = await this.client.queryRange(q.expr, startSec, endSec, stepSec);
    if (!r.ok) return { ok: false, code: r.error.code, error: r.error.message };
    const series = r.data.map((s): RangeSeries => {
      const key = q.splitBy ? (s.metric[q.splitBy] ?? '') : '';
      const points: [number, number][] = [];
      for (const [t, v] of s.values) {
        const n = promNumber(v);
        if (n !== null) points.push([Math.round(t * 1000), n]);
      }
      return {
        labels: q.splitBy === 'mountpoint' ? `mount=${key}` : q.splitBy ? `iface=${key}` : '',
        points,
      };
    });
    series.sort((a, b) => a.labels.localeCompare(b.labels));
    return { ok: true, stepSec, series };
  }

  private selectorError(): string {
    return this.selector.ok ? '' : `Prometheus source "${this.opts.source.id}": ${this.selector.error}`;
  }
}

/** The query_range step: ceil(range / maxPoints) seconds, at least 1. */
export function rangeStepSec(fromMs: number, toMs: number, maxPoints: number): number {
  const rangeSec = Math.max(0, toMs - fromMs) / 1000;
  return Math.max(1, Math.ceil(rangeSec / Math.max(1, Math.floor(maxPoints))));
}
