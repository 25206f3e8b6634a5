import type { HealthState } from '../../../shared/schemas';
import type { ProbeAdvice, ProbeDef, ProbeResult, ProbeStatus } from '../../../shared/probes';
import { auditResponse } from '../checks/frontendAudit';
import { evaluateProbeHealth, STALE_INTERVALS } from '../checks/probeHealth';
import type { ProbeRun } from '../checks/httpProbe';

/** How many of the last local runs a status carries for its sparkline. */
export const RECENT_RUNS = 30;

/** What a probe's state starts from: read back from the store. */
export interface LoadedRuns {
  /** Local runs within the SLO window (or at least the newest one), oldest first. */
  window: ProbeResult[];
  /** The newest runs from this machine, oldest first, up to {@link RECENT_RUNS}. */
  recent: ProbeResult[];
  lastRemote: ProbeResult | null;
}

/** Worst first, as the board lists probes. */
const ORDER: Record<HealthState, number> = { red: 0, amber: 1, grey: 2, waiting: 3, green: 4 };

/** Sorts statuses worst first (red, amber, grey, waiting, green), then by name. */
export function sortStatuses(list: ProbeStatus[]): ProbeStatus[] {
  return list.sort(
    (a, b) => ORDER[a.health.state] - ORDER[b.health.state] || a.def.name.localeCompare(b.def.name),
  );
}

/**
 * One probe in memory: its definition, the local runs of its SLO window, its last runs and the
 * health judged from them. The window is held here so the 1 s re-evaluation never reads the db.
 */
export class ProbeState {
  window: ProbeResult[];
  last: ProbeResult | null;
  lastRemote: ProbeResult | null;
  /** Front-end advice on the last successful local response; the body is not kept, so [] after a restart. */
  advice: ProbeAdvice[] = [];
  recentMs: (number | null)[];
  health: ProbeStatus['health'];
  /** Why the remote run was skipped last time (host gone, link down), or null. */
  remoteNote: string | null = null;
  /** The run in progress, so runs never overlap and stop() can wait for it. */
  inflight: Promise<void> | null = null;

  constructor(
    public def: ProbeDef,
    loaded: LoadedRuns,
    now: number,
    private readonly hostName: (hostId: string) => string,
  ) {
    this.window = [...loaded.window];
    this.last = loaded.recent[loaded.recent.length - 1] ?? loaded.window[loaded.window.length - 1] ?? null;
    this.lastRemote = loaded.lastRemote;
    this.recentMs = loaded.recent.map(sparkValue);
    this.trim(now);
    this.health = { ...this.judge(now), since: now };
  }

  /** Takes in a run from this machine. */
  addLocal(run: ProbeRun): void {
    const r = run.result;
    this.last = r;
    this.window.push(r);
    this.recentMs = [...this.recentMs, sparkValue(r)].slice(-RECENT_RUNS);
    if (r.ok) this.advice = auditResponse(r, run.body, { url: this.def.url });
  }

  /** Takes in a run from the fleet host. */
  addRemote(r: ProbeResult): void {
    this.lastRemote = r;
  }

  /**
   * Judges health as of `now` (dropping local runs that left the SLO window, but never the
   * newest, which says whether the probe is up or silent). Returns true when the state changed.
   */
  evaluate(now: number): boolean {
    this.trim(now);
    const next = this.judge(now);
    const changed = next.state !== this.health.state;
    this.health = { ...next, since: changed ? now : this.health.since };
    return changed;
  }

  status(): ProbeStatus {
    return {
      def: this.def,
      health: { ...this.health, reasons: [...this.health.reasons] },
      last: this.last,
      lastRemote: this.lastRemote,
      advice: this.advice,
      recentMs: [...this.recentMs],
    };
  }

  private trim(now: number): void {
    const cutoff = now - this.def.slo.windowMs;
    const firstKept = this.window.findIndex((r) => r.ts > cutoff);
    if (firstKept < 0) this.window = this.window.slice(-1);
    else if (firstKept > 0) this.window = this.window.slice(firstKept);
  }

  private judge(now: number): Omit<ProbeStatus['health'], 'since'> {
    const health = evaluateProbeHealth(this.def, this.window, now);
    // The colour stays the local verdict; the remote run only says where the fault is.
    const remote = this.remoteReason();
    if (remote) health.reasons.push(remote);
    if (this.remoteNote) health.reasons.push(this.remoteNote);
    return health;
  }

  private remoteReason(): string | null {
    const local = this.last;
    const remote = this.lastRemote;
    if (!local || !remote || local.ok || !this.def.fromHostId) return null;
    // Only a remote run from about the same time says anything about this failure.
    if (Math.abs(remote.ts - local.ts) > STALE_INTERVALS * this.def.intervalMs) return null;
    const name = this.hostName(remote.fromHostId ?? this.def.fromHostId);
    if (!remote.ok) return `fails from this machine and from ${name}: the site is down`;
    // curl there reads no body, so a keyword or JSON-path failure here says nothing about the network.
    if (local.error === null) return null;
    return `fails from this machine but answers from ${name}: check this machine's network`;
  }
}

function sparkValue(r: ProbeResult): number | null {
  return r.ok ? r.timings.totalMs : null;
}
