import type { AlertEntry } from '../../../shared/alerts';
import type { Incident, TimelineEntry } from '../../../shared/incidents';
import type { ProbeStatus } from '../../../shared/probes';
import type { EngineContext } from '../core/context';
import type { ProbeService } from '../probes/probeService';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'clock' | 'hosts' | 'on'> & {
  readonly probes: Pick<ProbeService, 'list'>;
};

/** Appends an entry to an incident's timeline (the service's, so it also announces the change). */
export type Append = (inc: Incident, e: Omit<TimelineEntry, 'id'>) => void;

/**
 * The self-filling part of the timeline: while an incident is open, every state change of its
 * hosts (the alert log's rows) and of its probes is appended as Greenboard saw it.
 */
export class TimelineFeed {
  /** Each watched probe's last known state, so only changes are recorded (probes report every run). */
  private readonly probeState = new Map<string, string>();
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly engine: Deps,
    private readonly openIncidents: () => Incident[],
    private readonly append: Append,
  ) {}

  start(): void {
    for (const p of this.engine.probes.list()) this.probeState.set(p.def.id, p.health.state);
    this.offs.push(
      this.engine.on('alerts:changed', (e) => this.onAlert(e)),
      this.engine.on('probes:changed', (e) => this.onProbe(e.probeId, e.status)),
    );
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  /** Remembers a probe's state as of a declaration, so its next change is recorded against it. */
  watchProbe(status: ProbeStatus): void {
    this.probeState.set(status.def.id, status.health.state);
  }

  private onAlert(e: AlertEntry): void {
    // A service's rows ("db-1/postgres") belong to its host's incidents, as a host signal's do.
    const slash = e.hostId.indexOf('/');
    const hostId = slash > 0 ? e.hostId.slice(0, slash) : e.hostId;
    const incidents = this.openIncidents().filter((i) => i.hostIds.includes(hostId));
    if (incidents.length === 0) return;
    const name = slash > 0 ? `${this.hostName(hostId)} ${e.hostId.slice(slash + 1)}` : this.hostName(hostId);
    const what = e.kind === 'host' ? 'host' : e.signal;
    for (const inc of incidents)
      this.append(inc, {
        ts: e.at,
        kind: 'host_state',
        who: 'greenboard',
        text: `${name} ${what}: ${e.from} → ${e.to} (${e.reason})`,
        data: { hostId: e.hostId, signal: e.signal, from: e.from, to: e.to, value: e.value, alertId: e.id },
      });
  }

  private onProbe(probeId: string, status: ProbeStatus | null): void {
    const state = status?.health.state ?? 'removed';
    const before = this.probeState.get(probeId);
    this.probeState.set(probeId, state);
    if (before === undefined || before === state) return;
    const incidents = this.openIncidents().filter((i) => i.probeIds.includes(probeId));
    const why = status?.health.reasons.join('; ');
    for (const inc of incidents)
      this.append(inc, {
        ts: this.engine.clock.now(),
        kind: 'probe_state',
        who: 'greenboard',
        text: `${status?.def.name ?? probeId}: ${before} → ${state}${why ? ` (${why})` : ''}`,
        data: { probeId, from: before, to: state },
      });
  }

  private hostName(hostId: string): string {
    try {
      return this.engine.hosts.get(hostId).host.name;
    } catch {
      return hostId;
    }
  }
}
