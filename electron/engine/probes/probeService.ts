import type { ParsedInput } from '../../../shared/contract';
import { describeZodError, zodIssues } from '../../../shared/contract';
import { GreenboardError } from '../../../shared/errors';
import { ProbeDefSchema, type ProbeDef, type ProbeResult, type ProbeStatus } from '../../../shared/probes';
import { runProbe, type RunProbeOptions } from '../checks/httpProbe';
import type { EngineContext } from '../core/context';
import type { Alerting } from '../alerting';
import { Scheduler } from '../scheduler';
import { runRemoteProbe, type RemoteExec, type RemoteHost } from './curlProbe';
import { LOCAL_HOST_ID } from '../../../shared/hosts';
import { probeIdFor } from './probeIds';
import { ProbeState, RECENT_RUNS, sortStatuses, type LoadedRuns } from './probeState';
import { ProbeStore } from './probeStore';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'clock' | 'emit' | 'hosts' | 'log' | 'review' | 'store'> & {
  readonly alerting: Pick<Alerting, 'probes'>;
};

/** Results older than this are deleted (at start and every {@link PRUNE_EVERY_MS}). */
export const PROBE_RETENTION_DAYS = 90;
const PRUNE_EVERY_MS = 3_600_000;
/** Health is re-judged this often between runs, so a probe that stops being run goes grey on time. */
const TICK_MS = 1000;
const DAY_MS = 86_400_000;

type RemoteTarget = { exec: RemoteExec; host: RemoteHost } | { note: string } | null;

/**
 * Scheduled HTTP(S) probes: stored definitions, a run of each every `intervalMs` (from this
 * machine, and with curl from `fromHostId` over its SSH session), every run kept, and health
 * judged over the SLO window. Reports through `probes:changed` after each run and whenever a
 * probe's state changes. In a reviewed history nothing runs: the stored probes are listed as of
 * the file's last result.
 */
export class ProbeService {
  /**
   * Options for every local run. For tests: `ca` to trust a test CA. Not a setting: production
   * runs trust Node's bundled roots only.
   */
  static runOptions: Pick<RunProbeOptions, 'ca'> = {};

  private readonly scheduler: Scheduler;
  private readonly states = new Map<string, ProbeState>();
  /** Stored probes that no longer validate, by id: not run, reported, and removable. */
  private readonly invalid = new Map<string, string>();
  private storeCache: ProbeStore | null = null;
  private loaded = false;
  private running = false;
  private stopped = false;
  private tickTimer: unknown = null;
  private pruneTimer: unknown = null;

  constructor(private readonly engine: Deps) {
    this.scheduler = new Scheduler(engine.clock);
  }

  private get store(): ProbeStore {
    return (this.storeCache ??= new ProbeStore(this.engine.store.db));
  }

  /** Loads the stored probes and schedules them. Does nothing in a reviewed history. */
  start(): void {
    if (this.running || this.stopped || this.engine.review) return;
    this.running = true;
    this.load();
    this.prune();
    const now = this.now();
    for (const s of this.states.values()) {
      // A probe red before the restart (or since) is judged against the log's last word on it.
      this.toAlerting(s);
      // Carry the rhythm across a restart: the next run is one interval after the last one.
      const due = s.last ? s.last.ts + s.def.intervalMs - now : 0;
      this.schedule(s, Math.max(0, Math.min(due, s.def.intervalMs)));
    }
    this.armTick();
    const prune = (): void => {
      this.prune();
      if (this.running) this.pruneTimer = this.engine.clock.setTimeout(prune, PRUNE_EVERY_MS);
    };
    this.pruneTimer = this.engine.clock.setTimeout(prune, PRUNE_EVERY_MS);
  }

  /**
   * Re-judges every probe each second while there are any. With none the timer stays off, so
   * a fake clock moved over days in other tests does not pay for a tick that has nothing to do.
   */
  private armTick(): void {
    if (!this.running || this.tickTimer !== null || this.states.size === 0) return;
    this.tickTimer = this.engine.clock.setTimeout(() => {
      this.tickTimer = null;
      for (const s of this.states.values()) this.reevaluate(s, false);
      this.armTick();
    }, TICK_MS);
  }

  /** Stops scheduling and waits for runs in progress, which then write nothing. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    this.scheduler.stop();
    this.engine.clock.clearTimeout(this.tickTimer);
    this.engine.clock.clearTimeout(this.pruneTimer);
    await Promise.allSettled([...this.states.values()].flatMap((s) => s.inflight ?? []));
  }

  /** Every probe's status, worst first, then by name. */
  list(): ProbeStatus[] {
    this.load();
    for (const s of this.states.values()) this.reevaluate(s, false);
    return sortStatuses([...this.states.values()].map((s) => s.status()));
  }

  /** Saves a new probe (id from its name), runs it once and schedules it. */
  async add(input: ParsedInput<'probes:add'>): Promise<ProbeStatus> {
    this.load();
    const id = probeIdFor(input.name, (x) => this.states.has(x) || this.invalid.has(x));
    return this.saveNew(this.checkDef({ ...input, id }));
  }

  /** Stores a new (or revived) definition, runs it once and schedules it. */
  private async saveNew(def: ProbeDef): Promise<ProbeStatus> {
    const now = this.now();
    this.store.saveDef(def, now);
    this.invalid.delete(def.id);
    const state = this.makeState(def, now);
    this.states.set(def.id, state);
    this.emitChanged(state);
    await this.run(state);
    if (this.running && this.states.get(def.id) === state) {
      this.schedule(state, def.intervalMs);
      this.armTick();
    }
    return state.status();
  }

  /** Replaces a probe's definition (its results stay) and reschedules it; a disabled one comes back. */
  update(def: ParsedInput<'probes:update'>): Promise<ProbeStatus> {
    this.load();
    // A disabled probe saved again with a valid definition comes back as new.
    if (this.invalid.has(def.id) && !this.states.has(def.id)) return this.saveNew(this.checkDef(def));
    const state = this.get(def.id);
    const checked = this.checkDef(def);
    this.store.saveDef(checked, this.now());
    state.def = checked;
    state.remoteNote = null;
    // Run the new definition soon rather than an interval from now.
    if (this.running) this.schedule(state, 0);
    this.reevaluate(state, true);
    return Promise.resolve(state.status());
  }

  /** Unschedules a probe and deletes it with its results (a disabled one too). */
  remove(probeId: string): { removed: string } {
    this.load();
    if (this.invalid.delete(probeId)) {
      this.store.remove(probeId);
      return { removed: probeId };
    }
    this.get(probeId);
    this.scheduler.remove(probeId);
    this.states.delete(probeId);
    this.store.remove(probeId);
    this.engine.alerting.probes.remove(probeId);
    this.engine.emit('probes:changed', { probeId, removed: true, status: null });
    return { removed: probeId };
  }

  /** Runs a probe now, outside its schedule (or waits for the run in progress). */
  async runNow(probeId: string): Promise<ProbeStatus> {
    const state = this.get(probeId);
    await this.run(state);
    return state.status();
  }

  /** A probe's kept results in a range, oldest first (the newest `limit` when more match). */
  results(input: ParsedInput<'probes:results'>): ProbeResult[] {
    this.get(input.probeId);
    return this.store.results(input.probeId, { from: input.from, to: input.to, limit: input.limit });
  }

  /** Now, or in a reviewed history the time of its last probe result. */
  private now(): number {
    const review = this.engine.review;
    if (!review) return this.engine.clock.now();
    return this.store.lastResultTs() ?? review.toTs ?? this.engine.clock.now();
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    const now = this.now();
    const defs = this.store.defs((id, why) => {
      const message = `Probe "${id}" is disabled: its stored definition no longer validates (${why}). Save it again with probes:update, or remove it with probes:remove.`;
      this.invalid.set(id, message);
      this.engine.log.warn(message);
    });
    for (const def of defs) this.states.set(def.id, this.makeState(def, now));
  }

  private makeState(def: ProbeDef, now: number): ProbeState {
    const q = { to: now, source: 'local' as const };
    const window = this.store.results(def.id, { ...q, from: now - def.slo.windowMs, limit: 10_000 });
    const recent = this.store.results(def.id, { ...q, limit: RECENT_RUNS });
    const loaded: LoadedRuns = {
      window: window.length > 0 ? window : recent.slice(-1),
      recent,
      lastRemote: this.store.results(def.id, { to: now, source: 'remote', limit: 1 })[0] ?? null,
    };
    return new ProbeState(def, loaded, now, (id) => this.hostName(id));
  }

  private get(probeId: string): ProbeState {
    this.load();
    const s = this.states.get(probeId);
    const disabled = this.invalid.get(probeId);
    if (!s && disabled) throw new GreenboardError('bad_request', disabled);
    if (!s)
      throw new GreenboardError(
        'not_found',
        `No probe with id "${probeId}". List the probes (probes:list) to see their ids.`,
      );
    return s;
  }

  /** Validates a definition, and that the host it runs from exists. */
  private checkDef(input: unknown): ProbeDef {
    const parsed = ProbeDefSchema.safeParse(input);
    if (!parsed.success)
      throw new GreenboardError('bad_request', describeZodError(parsed.error), zodIssues(parsed.error));
    const from = parsed.data.fromHostId;
    if (from && !this.engine.hosts.list().some((h) => h.host.id === from))
      throw new GreenboardError(
        'bad_request',
        `No host with id "${from}" to run the probe from. Add that host first, or remove 'run from' on the probe.`,
      );
    return parsed.data;
  }

  private schedule(state: ProbeState, delayMs: number): void {
    const id = state.def.id;
    this.scheduler.add({ id, intervalMs: state.def.intervalMs, run: () => this.run(state) }, delayMs);
  }

  /** One run at a time per probe: a second call while one is in flight waits for that one. */
  private run(state: ProbeState): Promise<void> {
    if (this.engine.review || this.stopped) return Promise.resolve();
    state.inflight ??= this.runOnce(state).finally(() => {
      state.inflight = null;
    });
    return state.inflight;
  }

  private async runOnce(state: ProbeState): Promise<void> {
    const def = state.def;
    const now = (): number => this.engine.clock.now();
    const remote = this.remoteTarget(def);
    const [local, fromHost] = await Promise.all([
      runProbe(def, { ...ProbeService.runOptions, now }),
      remote && 'exec' in remote ? runRemoteProbe(remote.exec, remote.host, def, now) : null,
    ]);
    // Stopped, or removed (and maybe re-added) meanwhile: this run belongs to nobody.
    if (this.stopped || !this.engine.store.db.open || this.states.get(def.id) !== state) return;
    this.store.insertResult(local.result);
    if (fromHost) this.store.insertResult(fromHost);
    state.remoteNote = remote && 'note' in remote ? remote.note : null;
    state.addLocal(local);
    if (fromHost) state.addRemote(fromHost);
    this.reevaluate(state, true);
  }

  /** Where the fleet-host run goes, a note on why it cannot, or null when there is none. */
  private remoteTarget(def: ProbeDef): RemoteTarget {
    const id = def.fromHostId;
    if (!id || id === LOCAL_HOST_ID) return null;
    const s = this.engine.hosts.list().find((h) => h.host.id === id);
    if (!s)
      return { note: `not run from "${id}": there is no such host any more; edit 'run from' on the probe` };
    const remote = s.collector.remote;
    if (!remote) return null;
    const link = s.collector.link;
    if (link.state !== 'ok')
      return { note: `not run from ${s.host.name}: its SSH connection is not working (${link.message})` };
    return { exec: remote, host: { id, name: s.host.name } };
  }

  private hostName(hostId: string): string {
    return this.engine.hosts.list().find((h) => h.host.id === hostId)?.host.name ?? hostId;
  }

  /** Re-judges health; emits when it changed, or always with `force` (after a run, an edit). */
  private reevaluate(state: ProbeState, force: boolean): void {
    const before = state.health.state;
    const changed = state.evaluate(this.now());
    if (changed && !this.engine.review && !(before === 'waiting' && state.health.state === 'green')) {
      const why = state.health.reasons[0];
      this.engine.log.info(
        `probe ${state.def.name}: ${before} → ${state.health.state}${why ? ` (${why})` : ''}`,
      );
    }
    if (changed) this.toAlerting(state);
    if (changed || force) this.emitChanged(state);
  }

  /** Hands the probe's state to alerting: the alert log, notifications, silences. */
  private toAlerting(state: ProbeState): void {
    if (this.engine.review) return;
    this.engine.alerting.probes.onHealth({ id: state.def.id, name: state.def.name, health: state.health });
  }

  private emitChanged(state: ProbeState): void {
    this.engine.emit('probes:changed', { probeId: state.def.id, removed: false, status: state.status() });
  }

  private prune(): void {
    if (this.engine.review || !this.engine.store.db.open) return;
    const n = this.store.prune(this.engine.clock.now() - PROBE_RETENTION_DAYS * DAY_MS);
    if (n > 0) this.engine.log.info(`deleted ${n} probe results older than ${PROBE_RETENTION_DAYS} days`);
  }
}
