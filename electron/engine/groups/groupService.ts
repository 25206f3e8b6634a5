import { GreenboardError } from '../../../shared/errors';
import { BalancerSchema, type Balance, type Balancer, type GroupView } from '../../../shared/groups';
import type { RemoteExec } from '../collectors/types';
import type { EngineContext, HostState } from '../core/context';
import { HEALTH_OF } from '../rules/ruleEngine';
import { BalancerError, BalancerReader } from './balancerRead';
import type { GroupAlerting } from './groupAlerting';
import {
  balanceOf,
  groupReadings,
  memberSpreads,
  MIN_REQUESTS_FOR_SKEW,
  PeakWindow,
  sampleBalance,
  type MemberSample,
} from './groupReadings';
import { memUsedPct } from '../../../shared/metrics';

type Deps = Pick<EngineContext, 'clock' | 'log' | 'store' | 'review' | 'hosts' | 'emit'>;

export interface GroupServiceDeps {
  alerting: { readonly groups: GroupAlerting };
  /** How commands reach a host (its SSH session, or here for this machine), or why they cannot. */
  runnerOf: (hostId: string) => RemoteExec | string;
}

/** How often each group is judged. */
export const GROUP_EVAL_MS = 5_000;
/** Requests are shared out over this much of the balancer's recent reads. */
export const REQUEST_WINDOW_MS = 60_000;
const SETTING_KEY = 'groupBalancers';

type BalancerStatus = NonNullable<GroupView['balancerStatus']>;

interface Watched {
  config: Balancer;
  reader: BalancerReader;
  timer: unknown;
  recent: { at: number; delta: Map<string, number> }[];
  weights: Map<string, number>;
  status: BalancerStatus;
  inFlight: Promise<void> | null;
}

/**
 * Groups: every tag is one. Judges each group every few seconds from its members' latest
 * samples (mean, p90, max; the peak of the last day for the scale-in side; each member's share
 * of CPU, network and, through the balancer the user names, requests), feeds the result to the
 * alert rules as a subject of its own, and reads each named balancer on its own timer.
 */
export class GroupService {
  private readonly balancers = new Map<string, Watched>();
  private readonly peaks = new Map<string, PeakWindow>();
  private readonly views = new Map<string, GroupView>();
  private timer: unknown = null;
  private running = false;

  constructor(
    private readonly ctx: Deps,
    private readonly deps: GroupServiceDeps,
  ) {
    const stored = ctx.store.getSetting<Record<string, unknown>>(SETTING_KEY) ?? {};
    for (const [tag, raw] of Object.entries(stored)) {
      const parsed = BalancerSchema.safeParse(raw);
      if (parsed.success) this.watchBalancer(tag, parsed.data);
      else ctx.log.warn(`group ${tag}: its stored balancer no longer reads; name it again`);
    }
  }

  start(): void {
    if (this.running || this.ctx.review) return;
    this.running = true;
    this.scheduleEval(GROUP_EVAL_MS);
    for (const w of this.balancers.values()) this.scheduleBalancer(w, 1_000);
  }

  stop(): void {
    this.running = false;
    this.ctx.clock.clearTimeout(this.timer);
    for (const w of this.balancers.values()) this.ctx.clock.clearTimeout(w.timer);
  }

  /** Every tag some host carries, sorted. */
  tags(): string[] {
    return [...new Set(this.ctx.hosts.list().flatMap((h) => h.host.tags))].sort();
  }

  list(): GroupView[] {
    return this.tags().map((t) => this.views.get(t) ?? this.compute(t, false));
  }

  get(tag: string): GroupView {
    if (!this.tags().includes(tag))
      throw new GreenboardError(
        'not_found',
        `No group "${tag}": a group is a tag, and no host carries it. Add the tag to a host (hosts edit NAME --tag ${tag}).`,
      );
    return this.views.get(tag) ?? this.compute(tag, false);
  }

  /** Names (or, with null, forgets) the balancer in front of a group; reads it once as a baseline. */
  async setBalancer(tag: string, balancer: Balancer | null): Promise<GroupView> {
    this.get(tag);
    const old = this.balancers.get(tag);
    if (old) this.ctx.clock.clearTimeout(old.timer);
    this.balancers.delete(tag);
    if (balancer) {
      this.ctx.hosts.get(balancer.hostId); // not_found, with how to list hosts, for a host not on the board
      const w = this.watchBalancer(tag, balancer);
      await this.pollBalancer(tag);
      if (this.running) this.scheduleBalancer(w, balancer.intervalMs);
    }
    const all = Object.fromEntries([...this.balancers].map(([t, w]) => [t, w.config]));
    this.ctx.store.setSetting(SETTING_KEY, all);
    return this.evaluateOne(tag, !this.ctx.review);
  }

  /** Reads a group's balancer now (the timer does this every `intervalMs`). */
  pollBalancer(tag: string): Promise<void> {
    const w = this.balancers.get(tag);
    if (!w) return Promise.resolve();
    w.inFlight ??= this.readBalancer(w).finally(() => {
      w.inFlight = null;
    });
    return w.inFlight;
  }

  /** Judges every group now (the timer does this every few seconds). */
  evaluate(): void {
    const tags = this.tags();
    for (const t of tags) this.evaluateOne(t, !this.ctx.review);
    for (const t of [...this.views.keys()]) {
      if (tags.includes(t)) continue;
      this.views.delete(t);
      this.peaks.delete(t);
      this.deps.alerting.groups.remove(t);
    }
  }

  private evaluateOne(tag: string, feed: boolean): GroupView {
    const before = this.views.get(tag);
    const view = this.compute(tag, feed);
    this.views.set(tag, view);
    if (!before || before.state !== view.state || before.reasons.join() !== view.reasons.join())
      this.ctx.emit('groups:changed', { tag });
    return view;
  }

  private compute(tag: string, feed: boolean): GroupView {
    const now = this.ctx.clock.now();
    const hosts = this.ctx.hosts.list().filter((h) => h.host.tags.includes(tag));
    const names = new Map(hosts.map((h) => [h.host.id, h.host.name]));
    const fresh: MemberSample[] = hosts.flatMap((h) =>
      h.latest && now - h.latest.ts <= 3 * h.host.intervalMs && h.health.state !== 'grey'
        ? [{ hostId: h.host.id, name: h.host.name, sample: h.latest }]
        : [],
    );
    const spreads = memberSpreads(fresh);
    const w = this.balancers.get(tag);
    const serverOf = w ? this.serverMap(w, hosts) : new Map<string, string>();
    const weightOf = (hostId: string): number => {
      const server = [...serverOf].find(([, id]) => id === hostId)?.[0];
      return server !== undefined ? (w?.weights.get(server) ?? 1) : 1;
    };
    const balance: Balance[] = [];
    const requests = w ? this.requestBalance(w, serverOf, weightOf, names, now) : null;
    if (requests) balance.push(requests);
    balance.push(...sampleBalance(fresh, weightOf, names));
    let peak = this.peaks.get(tag);
    if (!peak) this.peaks.set(tag, (peak = new PeakWindow()));
    if (feed && fresh.length > 0 && spreads.cpu) peak.add(now, spreads.totalCpu);
    const figures = { ...spreads, scaleIn: null, balance };
    const { readings, scaleIn } = groupReadings(tag, fresh.length, figures, peak.peak());
    const alerting = this.deps.alerting.groups;
    if (feed && fresh.length > 0) alerting.observe(tag, GROUP_EVAL_MS, now, readings);
    const st = alerting.status(tag);
    const unmatched = w
      ? [...(w.recent.at(-1)?.delta.keys() ?? w.weights.keys())].filter((s) => !serverOf.has(s))
      : [];
    return {
      tag,
      state: st.state === 'waiting' ? (fresh.length > 0 ? 'green' : 'waiting') : HEALTH_OF[st.state],
      reasons: st.state === 'waiting' ? [] : st.reasons,
      members: hosts.map((h) => memberView(h, now)),
      cpu: spreads.cpu,
      memory: spreads.memory,
      load: spreads.load,
      scaleIn: scaleIn
        ? {
            needed: scaleIn.needed,
            spare: scaleIn.spare,
            peakTotalPct: scaleIn.peakTotalPct,
            arithmetic: scaleIn.arithmetic,
          }
        : null,
      balance,
      balancer: w?.config ?? null,
      balancerStatus: w ? { ...w.status, unmatched } : null,
      signals: alerting.signals(tag),
    };
  }

  /** Requests per member over the window, against the balancer's weights. */
  private requestBalance(
    w: Watched,
    serverOf: Map<string, string>,
    weightOf: (hostId: string) => number,
    names: Map<string, string>,
    now: number,
  ): Balance | null {
    const recent = w.recent.filter((r) => now - r.at <= REQUEST_WINDOW_MS);
    const byMember = new Map<string, number>();
    for (const id of serverOf.values()) byMember.set(id, 0);
    for (const r of recent)
      for (const [server, n] of r.delta) {
        const id = serverOf.get(server);
        if (id !== undefined) byMember.set(id, (byMember.get(id) ?? 0) + n);
      }
    const total = [...byMember.values()].reduce((a, b) => a + b, 0);
    if (byMember.size < 2 || total < MIN_REQUESTS_FOR_SKEW) return null;
    const loads = [...byMember].map(([id, load]) => ({ id, load, weight: weightOf(id) }));
    const secs = Math.round(REQUEST_WINDOW_MS / 1000);
    return balanceOf('requests', `over the last ${secs} s`, loads, names, (t) => `${t} requests`);
  }

  /** Which member each server the balancer names is: by `servers`, else by a member's id or name. */
  private serverMap(w: Watched, hosts: HostState[]): Map<string, string> {
    const out = new Map<string, string>();
    const seen = new Set([...w.weights.keys(), ...w.recent.flatMap((r) => [...r.delta.keys()])]);
    for (const [server, id] of Object.entries(w.config.servers))
      if (hosts.some((h) => h.host.id === id)) out.set(server, id);
    for (const server of seen) {
      if (out.has(server)) continue;
      const h = hosts.find((x) => x.host.id === server || x.host.name === server);
      if (h) out.set(server, h.host.id);
    }
    return out;
  }

  private watchBalancer(tag: string, config: Balancer): Watched {
    const w: Watched = {
      config,
      reader: new BalancerReader(config),
      timer: null,
      recent: [],
      weights: new Map(),
      status: { ok: true, message: 'not read yet', at: null, unmatched: [], totalRequests: null },
      inFlight: null,
    };
    this.balancers.set(tag, w);
    return w;
  }

  private async readBalancer(w: Watched): Promise<void> {
    const runner = this.deps.runnerOf(w.config.hostId);
    const at = this.ctx.clock.now();
    if (typeof runner === 'string') {
      w.status = { ...w.status, ok: false, message: `cannot read the balancer: ${runner}`, at };
      return;
    }
    try {
      const r = await w.reader.read(runner, at);
      // Requests counted under other weights do not compare with the new expected shares.
      if (!sameWeights(w.weights, r.weights)) w.recent = [];
      w.weights = r.weights;
      if (r.delta) w.recent.push({ at: r.at, delta: r.delta });
      w.recent = w.recent.filter((x) => at - x.at <= REQUEST_WINDOW_MS);
      w.status = { ok: true, message: null, at, unmatched: [], totalRequests: r.totalRequests };
    } catch (err) {
      const message = err instanceof BalancerError ? err.message : `cannot read the balancer: ${String(err)}`;
      if (w.status.message !== message) this.ctx.log.warn(`balancer on ${w.config.hostId}: ${message}`);
      w.status = { ...w.status, ok: false, message, at };
    }
  }

  private scheduleEval(afterMs: number): void {
    this.timer = this.ctx.clock.setTimeout(() => {
      if (!this.running) return;
      try {
        this.evaluate();
      } catch (err) {
        this.ctx.log.warn(`groups: could not judge the groups: ${String(err)}`);
      }
      this.scheduleEval(GROUP_EVAL_MS);
    }, afterMs);
  }

  private scheduleBalancer(w: Watched, afterMs: number): void {
    this.ctx.clock.clearTimeout(w.timer);
    w.timer = this.ctx.clock.setTimeout(() => {
      const tag = [...this.balancers].find(([, x]) => x === w)?.[0];
      if (!this.running || tag === undefined) return;
      void this.pollBalancer(tag).finally(() => {
        if (this.running && this.balancers.get(tag) === w) this.scheduleBalancer(w, w.config.intervalMs);
      });
    }, afterMs);
  }
}

function sameWeights(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

function memberView(h: HostState, now: number): GroupView['members'][number] {
  const s = h.latest && now - h.latest.ts <= 3 * h.host.intervalMs ? h.latest : null;
  return {
    hostId: h.host.id,
    name: h.host.name,
    state: h.health.state,
    cpuPct: s?.cpu.busyPct ?? null,
    memPct: s ? memUsedPct(s) : null,
    loadPerCore: s?.load ? s.load[1] / Math.max(1, s.cpu.cores) : null,
  };
}
