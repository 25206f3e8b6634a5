// Puts the node_exporter targets of every Prometheus data source on the board as hosts.
// One poller per source; one refresh per source every `refreshMs`, shared by all its hosts:
// each host's collector (PromCollector) reads its part of that refresh, never a query of its own.
import { METRICS, type MetricName } from '../../../shared/metrics';
import type { PrometheusSource } from '../../../shared/prometheus';
import type { Host, Link } from '../../../shared/schemas';
import type { RangeResult } from '../store/rangeQuery';
import type { Clock, Logger } from '../clock';
import type { Collector } from '../collectors/types';
import type { HostRegistry } from '../core/hostRegistry';
import type { SettingsService } from '../core/settings';
import type { Evaluation } from '../health';
import type { PromAlert } from './promClient';
import { PromCollector } from './promCollector';
import { PrometheusSourcePoller, type RefreshResult } from './promSource';
import { redactUrls } from '../../../shared/redactUrl';

/** What the fleet needs from the engine: its clock, log and settings, and to put hosts on the board. */
export interface FleetEngine {
  readonly settings: { readonly prometheus: readonly PrometheusSource[] };
  readonly clock: Clock;
  readonly log: Logger;
  readonly hosts: {
    mount(host: Host): unknown;
    unmount(hostId: string): void;
    list(): { host: Host }[];
  };
}

export interface PromFleetOptions {
  fetch?: typeof fetch;
  /** Where secrets are read from when none was stored; default process.env. */
  env?: Record<string, string | undefined>;
  /** A source's stored secret (the engine's credential store), tried before the environment. */
  secret?: (sourceId: string) => string | null;
}

interface SourceState {
  source: PrometheusSource;
  /** The source's settings as JSON: a change means a new poller. */
  key: string;
  poller: PrometheusSourcePoller;
  last: RefreshResult | null;
  inFlight: Promise<RefreshResult> | null;
  timer: unknown;
  collectors: Map<string, PromCollector>;
  alerts: Map<string, PromAlert[]>;
}

/**
 * The env variable holding a source's bearer token or basic-auth password, e.g.
 * `GREENBOARD_PROMETHEUS_SECRET_PROM_MAIN` for source `prom-main`: used when no secret was
 * stored for the source (datasources:secret keeps it like SSH secrets: the OS keychain on the
 * desktop, memory in headless mode).
 */
export function secretEnvName(sourceId: string): string {
  return `GREENBOARD_PROMETHEUS_SECRET_${sourceId.toUpperCase().replace(/-/g, '_')}`;
}

/** Keeps the board's Prometheus hosts in step with the sources in the settings. */
export class PromFleet {
  private readonly sources = new Map<string, SourceState>();
  private running = false;

  constructor(
    private readonly engine: FleetEngine,
    private readonly opts: PromFleetOptions = {},
  ) {}

  /** Starts refreshing every source (the first refresh now: it discovers the hosts). */
  start(): void {
    this.running = true;
    this.sync();
    for (const st of this.sources.values()) this.schedule(st, 0);
  }

  stop(): void {
    this.running = false;
    for (const st of this.sources.values()) this.engine.clock.clearTimeout(st.timer);
  }

  /** Applies `engine.settings.prometheus`: new sources start, changed ones restart, gone ones leave. */
  sync(): void {
    const wanted = new Map(this.engine.settings.prometheus.map((s) => [s.id, s]));
    for (const [id, st] of this.sources) {
      const next = wanted.get(id);
      if (next && JSON.stringify(next) === st.key) continue;
      this.engine.clock.clearTimeout(st.timer);
      this.sources.delete(id);
      for (const h of this.hostsOf(id)) this.engine.hosts.unmount(h.id);
    }
    for (const source of wanted.values()) {
      if (this.sources.has(source.id)) continue;
      const st: SourceState = {
        source,
        key: JSON.stringify(source),
        poller: this.poller(source),
        last: null,
        inFlight: null,
        timer: null,
        collectors: new Map(),
        alerts: new Map(),
      };
      this.sources.set(source.id, st);
      if (this.running) this.schedule(st, 0);
    }
  }

  private poller(source: PrometheusSource): PrometheusSourcePoller {
    const name = secretEnvName(source.id);
    return new PrometheusSourcePoller({
      source,
      secret: this.opts.secret?.(source.id) ?? this.opts.env?.[name] ?? process.env[name] ?? null,
      fetch: this.opts.fetch,
      clock: this.engine.clock,
    });
  }

  /** A source's secret changed: its next refresh signs in with the new one. */
  secretChanged(sourceId: string): void {
    const st = this.sources.get(sourceId);
    if (!st) return;
    st.poller = this.poller(st.source);
    // Signed in anew now, rather than showing the refused refresh until the next one is due.
    if (!this.running) return;
    // A refresh in flight still used the old secret: refresh again once it is done.
    void (st.inFlight ?? Promise.resolve()).then(() => {
      if (this.running && this.sources.get(sourceId) === st) void this.refresh(st, true);
    });
  }

  /** The collector of a Prometheus host (the engine's createCollector asks for it). */
  collectorFor(host: Host, onLinkChange?: (link: Link, stateChanged: boolean) => void): Collector {
    const sourceId = host.prometheus?.sourceId ?? '';
    const st = this.sources.get(sourceId);
    const refresh = (): Promise<RefreshResult> =>
      st && this.sources.get(sourceId) === st
        ? this.refresh(st)
        : Promise.resolve(gone(sourceId, this.engine.clock.now()));
    const c = new PromCollector(host, refresh, () => this.engine.clock.now(), onLinkChange);
    if (st?.last) c.apply(st.last);
    st?.collectors.set(host.id, c);
    return c;
  }

  /** Prometheus alerts firing now on a host (empty for other hosts). */
  alertsOf(host: Host): PromAlert[] {
    if (!host.prometheus) return [];
    return this.sources.get(host.prometheus.sourceId)?.alerts.get(host.id) ?? [];
  }

  /** The requests a source's last refresh sent, or null before its first. */
  lastRefresh(sourceId: string): RefreshResult | null {
    return this.sources.get(sourceId)?.last ?? null;
  }

  /**
   * A Prometheus host's chart series from Prometheus (query_range), in the store's RangeResult
   * shape: one point per step with mean = min = max. Metrics Prometheus lacks come back empty.
   */
  async range(
    host: Host,
    series: readonly { metric: string; labels: string }[],
    from: number,
    to: number,
    maxPoints: number,
  ): Promise<RangeResult> {
    const fallbackBucket = Math.max(1, Math.ceil((to - from + 1) / maxPoints));
    const st = host.prometheus ? this.sources.get(host.prometheus.sourceId) : undefined;
    if (!st || !host.prometheus)
      return { tier: 'raw', bucketMs: fallbackBucket, series: series.map(() => []) };
    const instance = host.prometheus.instance;
    const metrics = [...new Set(series.map((s) => s.metric))].filter((m): m is MetricName => m in METRICS);
    const answers = await Promise.all(
      metrics.map((m) => st.poller.rangeQuery(instance, m, from, to, maxPoints)),
    );
    const byMetric = new Map(metrics.map((m, i) => [m as string, answers[i]]));
    let stepSec: number | null = null;
    const out = series.map((s) => {
      const r = byMetric.get(s.metric);
      if (!r?.ok) return [];
      stepSec ??= r.stepSec;
      const found = r.series.find((x) => x.labels === s.labels);
      return (found?.points ?? []).map(([t, v]): [number, number, number, number] => [t, v, v, v]);
    });
    return { tier: 'raw', bucketMs: stepSec !== null ? stepSec * 1000 : fallbackBucket, series: out };
  }

  private hostsOf(sourceId: string): Host[] {
    return this.engine.hosts
      .list()
      .map((s) => s.host)
      .filter((h) => h.kind === 'prometheus' && h.prometheus?.sourceId === sourceId);
  }

  private schedule(st: SourceState, delayMs: number): void {
    this.engine.clock.clearTimeout(st.timer);
    st.timer = this.engine.clock.setTimeout(() => {
      void this.refresh(st).finally(() => {
        if (this.running && this.sources.get(st.source.id) === st) this.schedule(st, st.source.refreshMs);
      });
    }, delayMs);
  }

  /** The source's refresh: the one in flight, or one younger than refreshMs / 2, or a new one. */
  private refresh(st: SourceState, fresh = false): Promise<RefreshResult> {
    if (st.inFlight) return st.inFlight;
    if (!fresh && st.last && this.engine.clock.now() - st.last.ts < st.source.refreshMs / 2)
      return Promise.resolve(st.last);
    const started = this.engine.clock.now();
    st.inFlight = st.poller
      .refresh()
      .catch((err: unknown): RefreshResult => {
        const error = redactUrls(`Prometheus at ${st.source.url} could not be read: ${String(err)}`);
        return { ok: false, code: 'bad_response', error, queries: 0, ms: 0, ts: started };
      })
      .then((r) => {
        const prev = st.last;
        st.last = r;
        st.inFlight = null;
        // After stop() the store is closed: nothing may be mounted any more.
        if (this.running && this.sources.get(st.source.id) === st) this.afterRefresh(st, r, prev);
        return r;
      });
    return st.inFlight;
  }

  /** Discovery (mount new targets, unmount gone ones), alerts, and every host's link. */
  private afterRefresh(st: SourceState, r: RefreshResult, prev: RefreshResult | null): void {
    const { log } = this.engine;
    if (!r.ok && (prev === null || prev.ok || prev.error !== r.error))
      log.warn(`Prometheus source "${st.source.id}": ${r.error}`);
    if (r.ok) {
      if (prev && !prev.ok) log.info(`Prometheus source "${st.source.id}" answers again`);
      for (const w of r.warnings) if (!prev?.ok || !prev.warnings.includes(w)) log.warn(w);
      this.discover(st, r);
    }
    for (const c of st.collectors.values()) c.apply(r);
  }

  private discover(st: SourceState, r: Extract<RefreshResult, { ok: true }>): void {
    const { source } = st;
    const bare = (instance: string) => instance.replace(/:\d+$/, '');
    const count = new Map<string, number>();
    for (const t of r.targets) count.set(bare(t.instance), (count.get(bare(t.instance)) ?? 0) + 1);
    const mounted = new Map(this.hostsOf(source.id).map((h) => [h.id, h]));
    st.alerts.clear();
    for (const t of r.targets) {
      if (t.alerts.length) st.alerts.set(t.hostId, t.alerts);
      const host: Host = {
        id: t.hostId,
        name: count.get(bare(t.instance)) === 1 ? bare(t.instance) : t.instance,
        kind: 'prometheus',
        intervalMs: source.refreshMs,
        tags: ['prometheus', source.id],
        prometheus: { sourceId: source.id, instance: t.instance, job: t.job },
      };
      const old = mounted.get(host.id);
      mounted.delete(host.id);
      if (!old || JSON.stringify(old) !== JSON.stringify(host)) this.engine.hosts.mount(host);
    }
    for (const gone of mounted.keys()) {
      this.engine.hosts.unmount(gone);
      st.collectors.delete(gone);
    }
  }
}

/** The refresh answer for a host whose source is no longer configured. */
function gone(sourceId: string, ts: number): RefreshResult {
  const error = `Prometheus source "${sourceId}" is no longer configured (Settings → Data sources).`;
  return { ok: false, code: 'not_found', error, queries: 0, ms: 0, ts };
}

/**
 * Folds Prometheus' own firing alerts into a host's health: each becomes a reason, and the host is
 * at least amber (red for severity `critical`). A host with no data keeps its grey or waiting.
 */
export function withPromAlerts(ev: Evaluation, alerts: readonly PromAlert[]): Evaluation {
  if (!alerts.length || ev.state === 'waiting' || ev.state === 'grey') return ev;
  const reasons = alerts.map(
    (a) => `prometheus alert: ${a.labels.alertname ?? 'unnamed'} (${a.labels.severity ?? 'no severity'})`,
  );
  const critical = alerts.some((a) => a.labels.severity === 'critical');
  const state = critical ? 'red' : ev.state === 'green' ? 'amber' : ev.state;
  return { state, reasons: [...ev.reasons, ...reasons] };
}

/**
 * The fleet wired into the board: Prometheus' firing alerts join each host's health, and a
 * change to the data sources in the settings is followed at once.
 */
export function wirePromFleet(
  hosts: Pick<HostRegistry, 'addHealthInput'>,
  promFleet: PromFleet,
  settings: Pick<SettingsService, 'onChange'>,
): void {
  hosts.addHealthInput((host, ev) => withPromAlerts(ev, promFleet.alertsOf(host)));
  settings.onChange((patch) => {
    if (patch.prometheus) promFleet.sync();
  });
}
