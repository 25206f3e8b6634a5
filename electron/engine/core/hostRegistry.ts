import { GreenboardError } from '../../../shared/errors';
import type { BoardEntry, Health, Host, Sample } from '../../../shared/schemas';
import type { Collector } from '../collectors/types';
import { linkHealth, nextHealth, type Evaluation } from '../health';
import { Scheduler } from '../scheduler';
import { LinkLog } from '../store/linkLog';
import type { EngineContext, HostDirectory, HostState } from './context';

/** How often health is re-evaluated between samples, so a silent host turns grey on time. */
const HEALTH_TICK_MS = 1000;

/** Builds a host's collector; it reports link changes through `onLinkChange`. */
export type CollectorFactory = (host: Host, onLinkChange: (stateChanged: boolean) => void) => Collector;

/** A host's verdict before the inputs below adjust it (alerting's rules; a saved history's past). */
export type HealthJudge = (s: HostState, now: number) => Evaluation;

/** A feature's word on a host's health (a security verdict, Prometheus alerts, ...). */
export type HealthInput = (host: Host, ev: Evaluation) => Evaluation;

/** What features do when the board changes; every hook is optional. */
export interface HostHooks {
  /** A host was put on the board, or its entry changed. */
  onMount?(host: Host): void;
  onUnmount?(hostId: string): void;
  /** A sample arrived and was handed to the writer. */
  onSample?(sample: Sample): void;
  /** The judged state changed (not only its timestamp), for the alert log. */
  onHealthChange?(host: Host, health: Health): void;
  /** Once a second while running, before health is re-judged. */
  onTick?(): void;
  /** Polls that fail this way are expected (reported as link changes), not warnings. */
  isQuietFailure?(err: unknown): boolean;
}

/** Errors a poll may end in that the link already reports; the registry stays quiet about them. */
type Ctx = Pick<EngineContext, 'clock' | 'log' | 'store' | 'writer' | 'review' | 'emit'>;

/**
 * The hosts on the board: mounting and unmounting, the poll schedule, each poll, and health.
 * It knows no feature: collectors come from a factory, health inputs and hooks are registered.
 */
export class HostRegistry implements HostDirectory {
  private readonly hosts = new Map<string, HostState>();
  private readonly scheduler: Scheduler;
  private readonly hooks: HostHooks[] = [];
  private readonly inputs: HealthInput[] = [];
  private judge: HealthJudge = () => ({ state: 'green', reasons: [] });
  private createCollector: CollectorFactory | null = null;
  private healthTimer: unknown = null;
  private running = false;

  constructor(private readonly ctx: Ctx) {
    this.scheduler = new Scheduler(ctx.clock);
  }

  /** Set once, before the first host is mounted. */
  useCollectors(factory: CollectorFactory): void {
    this.createCollector = factory;
  }

  setJudge(judge: HealthJudge): void {
    this.judge = judge;
  }

  addHealthInput(input: HealthInput): void {
    this.inputs.push(input);
  }

  addHooks(hooks: HostHooks): void {
    this.hooks.push(hooks);
  }

  mount(host: Host, stored?: Sample | null): HostState {
    if (!this.createCollector) throw new Error('HostRegistry: no collector factory yet');
    const { store, clock } = this.ctx;
    if (!this.ctx.review) store.upsertHost(host, clock.now());
    const old = this.hosts.get(host.id);
    if (old) {
      this.scheduler.remove(host.id);
      void old.collector.close();
    }
    const latest = old?.latest ?? (stored !== undefined ? stored : store.latestSample(host.id));
    const state: HostState = {
      host,
      collector: this.createCollector(host, (changed) => this.onLinkChange(host.id, changed)),
      latest,
      health: {
        hostId: host.id,
        state: 'waiting',
        reasons: [],
        lastSampleTs: latest?.ts ?? null,
        since: clock.now(),
      },
      lastError: null,
    };
    this.hosts.set(host.id, state);
    for (const h of this.hooks) h.onMount?.(host);
    this.judgeNow(state);
    if (this.running) this.schedule(state);
    this.ctx.emit('hosts:changed', { hostId: host.id, removed: false });
    return state;
  }

  unmount(hostId: string): void {
    const s = this.get(hostId);
    this.scheduler.remove(hostId);
    void s.collector.close();
    this.hosts.delete(hostId);
    for (const h of this.hooks) h.onUnmount?.(hostId);
    this.ctx.store.removeHost(hostId);
    this.ctx.emit('hosts:changed', { hostId, removed: true });
  }

  /** A new polling interval for one host, from now on. */
  setInterval(hostId: string, intervalMs: number): void {
    const s = this.get(hostId);
    s.host = { ...s.host, intervalMs };
    this.scheduler.setInterval(hostId, intervalMs);
    for (const h of this.hooks) h.onMount?.(s.host);
  }

  get(hostId: string): HostState {
    const s = this.hosts.get(hostId);
    if (!s)
      throw new GreenboardError(
        'not_found',
        `No host named "${hostId}". Run "greenboard hosts list" (or hosts:list) to see the hosts.`,
      );
    return s;
  }

  find(hostId: string): HostState | undefined {
    return this.hosts.get(hostId);
  }

  list(): HostState[] {
    return [...this.hosts.values()];
  }

  get size(): number {
    return this.hosts.size;
  }

  board(): BoardEntry[] {
    return this.list().map((s) => ({
      host: s.host,
      health: s.health,
      latest: s.latest,
      link: s.collector.link,
    }));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const s of this.hosts.values()) this.schedule(s);
    const tick = (): void => {
      for (const h of this.hooks) h.onTick?.();
      for (const s of this.hosts.values()) this.judgeNow(s);
      if (this.running) this.healthTimer = this.ctx.clock.setTimeout(tick, HEALTH_TICK_MS);
    };
    this.healthTimer = this.ctx.clock.setTimeout(tick, HEALTH_TICK_MS);
  }

  /** Stops polling and closes every collector. */
  async stop(): Promise<void> {
    this.running = false;
    this.scheduler.stop();
    this.ctx.clock.clearTimeout(this.healthTimer);
    await Promise.allSettled([...this.hosts.values()].map((s) => s.collector.close()));
  }

  primeNow(hostId: string): Promise<void> {
    return this.get(hostId).collector.prime();
  }

  async pollNow(hostId: string): Promise<void> {
    await this.poll(this.get(hostId));
    this.ctx.writer?.flush();
  }

  refresh(hostId: string): void {
    const s = this.hosts.get(hostId);
    if (s) this.judgeNow(s);
  }

  /** Judges every host again (the rules changed). */
  refreshAll(): void {
    for (const s of this.hosts.values()) this.judgeNow(s);
  }

  private quiet(err: unknown): boolean {
    return this.hooks.some((h) => h.isQuietFailure?.(err));
  }

  private schedule(s: HostState): void {
    // Prime now, poll one interval later: the first sample then has every rate in it.
    s.collector.prime().catch((err: unknown) => {
      if (!this.quiet(err)) this.ctx.log.warn(`could not prime ${s.host.name}: ${String(err)}`);
      this.judgeNow(s);
    });
    this.scheduler.add(
      { id: s.host.id, intervalMs: s.host.intervalMs, run: () => this.poll(s) },
      s.host.intervalMs,
    );
  }

  /** One poll of one host: collect, store in one transaction, publish, re-evaluate health. */
  private async poll(s: HostState): Promise<void> {
    let sample: Sample;
    try {
      sample = await s.collector.collect();
    } catch (err) {
      s.lastError = (err as Error).message;
      // Link failures are reported once, as link changes; anything else is unexpected.
      if (!this.quiet(err)) this.ctx.log.warn(`poll of ${s.host.name} failed: ${s.lastError}`);
      this.judgeNow(s);
      return;
    }
    if (!this.ctx.store.db.open || this.hosts.get(s.host.id) !== s) return; // stopped or removed meanwhile
    s.lastError = null;
    s.latest = sample;
    // History of Prometheus hosts stays in Prometheus; only their health changes are kept here.
    if (s.host.kind !== 'prometheus') this.ctx.writer?.add(sample);
    for (const h of this.hooks) h.onSample?.(sample);
    this.ctx.emit('metrics:sample', sample);
    this.judgeNow(s);
  }

  private onLinkChange(hostId: string, stateChanged: boolean): void {
    const s = this.hosts.get(hostId);
    if (!s) return;
    const { clock, log, review, store } = this.ctx;
    const link = s.collector.link;
    if (stateChanged && link.state !== 'ok' && link.state !== 'connecting')
      log.info(`${s.host.name}: ${link.message}`, { hostId, link: link.state });
    // Kept so the board at a past moment shows the link as it was (see timeTravel.ts).
    if (stateChanged && !review && store.db.open)
      new LinkLog(store.db).record({
        hostId,
        at: link.since || clock.now(),
        state: link.state,
        message: link.message,
      });
    this.judgeNow(s);
    this.ctx.emit('hosts:changed', { hostId, removed: false });
  }

  private judgeNow(s: HostState): void {
    const { clock, review, store, log } = this.ctx;
    // A saved history is judged as of its last sample, not as of today (which would be grey).
    const now = review ? (review.toTs ?? clock.now()) : clock.now();
    const ev: Evaluation = review
      ? this.judge(s, now)
      : (linkHealth(s.collector.link) ??
        this.inputs.reduce((e, input) => input(s.host, e), this.judge(s, now)));
    const prev = s.health;
    const next = nextHealth(prev, ev, {
      hostId: s.host.id,
      lastSampleTs: s.latest?.ts ?? null,
      lastError: s.lastError,
      now,
    });
    if (!next) return;
    s.health = next.health;
    if (!next.changed) return; // only the timestamp moved: not a change worth an event
    // The alert log's host rows are the record of health changes (health_changes is legacy).
    if (prev.state !== ev.state && store.db.open && !review)
      for (const h of this.hooks) h.onHealthChange?.(s.host, s.health);
    if (prev.state !== s.health.state && !review)
      log.info(`${s.host.name}: ${prev.state} → ${s.health.state}`, {
        hostId: s.host.id,
        from: prev.state,
        to: s.health.state,
        reasons: s.health.reasons,
      });
    this.ctx.emit('health:changed', s.health);
  }
}
