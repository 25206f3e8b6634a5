import type { Forecast, HostForecasts } from '../../../shared/forecasts';
import type { Host } from '../../../shared/schemas';
import type { EngineContext } from '../core/context';
import type { HostRegistry } from '../core/hostRegistry';
import type { Evaluation } from '../health';
import type { Rule } from '../rules/ruleTypes';
import { newTrack, stepTrack, type Level, type SignalTrack } from '../rules/signalState';
import type { BucketGrid } from './bucketGrid';
import { AMBER_WITHIN_MS, RED_WITHIN_MS } from './fitForecast';
import { hostForecasts } from './hostForecasts';

/** Forecasts move slowly: fitted every 15 minutes, never per poll. */
export const FORECAST_EVERY_MS = 15 * 60_000;
const DAY = 86_400_000;
/** Hosts fitted in one task: a few ms of a refresh that keeps its buckets, tens on the first. */
const HOSTS_PER_SLICE = 10;

/**
 * The default forecast rule on the signal machinery: the value is urgency, days⁻¹ to the limit
 * (a week away is 1/7), so "under 7 days amber, under 1 day red" is a plain `≥` rule. Clearing
 * needs 8 days and 1.25 days (hysteresis), and a change must hold over two fits (`for`).
 */
export const FORECAST_RULE: Rule = {
  enabled: true,
  warn: DAY / AMBER_WITHIN_MS,
  clearWarn: 1 / 8,
  critical: DAY / RED_WITHIN_MS,
  clearCritical: 1 / 1.25,
  forMs: FORECAST_EVERY_MS,
};

/** A forecast's urgency: 1 / days to the limit; 0 when not filling or without a fit. */
export function urgencyOf(f: Forecast, now: number): number {
  if (f.status === 'full') return Number.MAX_SAFE_INTEGER;
  if (f.status !== 'filling' || f.etaTs === null) return 0;
  return DAY / Math.max(1, f.etaTs - now);
}

interface Tracked {
  track: SignalTrack;
  forecast: Forecast;
}

type Deps = Pick<EngineContext, 'clock' | 'log' | 'store' | 'review'> & {
  hosts: Pick<HostRegistry, 'list' | 'find' | 'refresh'>;
};

/**
 * Disk, inode and memory forecasts of every host, fitted on a slow timer from the rollup tiers,
 * with a level per forecast kept by the rule machinery (`for`, hysteresis) for the host's health.
 */
export class ForecastService {
  private readonly tracks = new Map<string, Map<string, Tracked>>();
  private readonly grids = new Map<string, BucketGrid>();
  private timer: unknown = null;
  private running = false;

  constructor(private readonly deps: Deps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const run = (): void => {
      this.refreshInSlices(() => {
        if (this.running) this.timer = this.deps.clock.setTimeout(run, FORECAST_EVERY_MS);
      });
    };
    run();
  }

  stop(): void {
    this.running = false;
    this.deps.clock.clearTimeout(this.timer);
  }

  /** Fits every host now and moves their levels; a host whose level changed is judged again. */
  refreshAll(): void {
    const now = this.deps.clock.now();
    for (const s of this.deps.hosts.list()) this.refreshOne(s.host.id, now);
  }

  /**
   * refreshAll a slice of hosts at a time, each slice its own task, so a big fleet's refresh
   * (a first one reads every host's week) never holds the event loop for long.
   */
  private refreshInSlices(done: () => void): void {
    const ids = this.deps.hosts.list().map((s) => s.host.id);
    let i = 0;
    const step = (): void => {
      if (!this.running) return;
      const now = this.deps.clock.now();
      for (const end = Math.min(ids.length, i + HOSTS_PER_SLICE); i < end; i++) this.refreshOne(ids[i]!, now);
      if (i < ids.length) this.timer = this.deps.clock.setTimeout(step, 0);
      else done();
    };
    step();
  }

  private refreshOne(hostId: string, now: number): void {
    const s = this.deps.hosts.find(hostId);
    // Gone meanwhile, or a Prometheus host (its history stays in Prometheus).
    if (!s || s.host.kind === 'prometheus') return;
    try {
      if (this.observe(hostId, this.compute(hostId, now, true), now)) this.deps.hosts.refresh(hostId);
    } catch (err) {
      this.deps.log.warn(`forecast of ${s.host.name} failed: ${(err as Error).message}`);
    }
  }

  /** A host's forecasts as of `now` (a reviewed history: as of its end), fitted on the spot. */
  forHost(hostId: string): HostForecasts {
    const { review, clock } = this.deps;
    const at = review ? (review.toTs ?? clock.now()) : clock.now();
    return { hostId, at, forecasts: this.compute(hostId, at) };
  }

  private compute(hostId: string, now: number, quick = false): Forecast[] {
    const { store, hosts } = this.deps;
    if (!store.db.open) return [];
    const latest = hosts.find(hostId)?.latest ?? store.latestSample(hostId);
    if (!latest) return [];
    const mounts = latest.disks.map((d) => d.mount);
    if (!quick) return hostForecasts(store, hostId, mounts, latest.mem.totalBytes > 0, now);
    // The refresh keeps each host's week of buckets and reads only the newest ones.
    return hostForecasts(store, hostId, mounts, latest.mem.totalBytes > 0, now, {
      quick,
      earlier: this.grids.get(hostId) ?? null,
      keep: (grid) => this.grids.set(hostId, grid),
    });
  }

  /** Feeds one fit into the host's tracks; true when a level changed. */
  observe(hostId: string, forecasts: readonly Forecast[], now: number): boolean {
    const old = this.tracks.get(hostId) ?? new Map<string, Tracked>();
    const next = new Map<string, Tracked>();
    let changed = false;
    for (const f of forecasts) {
      const value = urgencyOf(f, now);
      const t = old.get(f.id)?.track ?? newTrack(now, 0);
      if (stepTrack(t, value, now, FORECAST_RULE)) changed = true;
      next.set(f.id, { track: t, forecast: f });
    }
    // A mount gone (or a forecast gone) takes its level with it.
    for (const [id, t] of old) if (!next.has(id) && t.track.level !== 'ok') changed = true;
    this.tracks.set(hostId, next);
    return changed;
  }

  /** The host's forecasts that are amber or red by the rule, worst first. */
  raised(hostId: string): { level: Exclude<Level, 'ok'>; forecast: Forecast }[] {
    const out: { level: Exclude<Level, 'ok'>; forecast: Forecast }[] = [];
    for (const t of this.tracks.get(hostId)?.values() ?? [])
      if (t.track.level !== 'ok') out.push({ level: t.track.level, forecast: t.forecast });
    return out.sort((a, b) => (a.level === b.level ? 0 : a.level === 'critical' ? -1 : 1));
  }

  forget(hostId: string): void {
    this.tracks.delete(hostId);
    this.grids.delete(hostId);
  }
}

const RANK: Record<Evaluation['state'], number> = { waiting: -1, grey: -1, green: 0, amber: 1, red: 2 };

/** A host's evaluation with its raised forecasts in it (a host waiting or grey stays so). */
export function withForecasts(ev: Evaluation, raised: ReturnType<ForecastService['raised']>): Evaluation {
  if (RANK[ev.state] < 0 || raised.length === 0) return ev;
  let state = ev.state;
  const reasons = [...ev.reasons];
  for (const r of raised) {
    const s = r.level === 'critical' ? 'red' : 'amber';
    reasons.push(r.forecast.text);
    if (RANK[s] > RANK[state]) state = s;
  }
  return { state, reasons };
}

/** Forecasts in a host's health, and forgotten with the host. */
export function wireForecasts(
  hosts: Pick<HostRegistry, 'addHealthInput' | 'addHooks'>,
  forecasts: ForecastService,
): void {
  hosts.addHealthInput((host: Host, ev) => withForecasts(ev, forecasts.raised(host.id)));
  hosts.addHooks({ onUnmount: (id) => forecasts.forget(id) });
}
