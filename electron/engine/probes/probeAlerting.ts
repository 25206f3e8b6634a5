import type { AlertEntry, SignalState } from '../../../shared/alerts';
import type { HealthState } from '../../../shared/schemas';
import type { Clock } from '../clock';
import type { Notifier } from '../notify/notifier';
import { findProbeMute, type Mutes, type NotificationGate } from '../rules/silences';
import type { AlertLog } from '../store/alertLog';

const LEVEL_OF: Record<Exclude<HealthState, 'waiting'>, SignalState> = {
  green: 'ok',
  amber: 'warn',
  red: 'critical',
  grey: 'stale',
};

/** A probe's key in the shared rate limit, apart from every host id (ids hold no NUL). */
const probeKey = (probeId: string): string => `probe\u0000${probeId}`;

/** A probe as alerting needs it: its id, name and current health. */
export interface ProbeSubject {
  id: string;
  name: string;
  health: { state: HealthState; reasons: readonly string[]; since: number };
}

export interface ProbeAlertingDeps {
  log: AlertLog;
  clock: Clock;
  /** The hosts' gate: one rate-limit setting for hosts and probes. */
  gate: NotificationGate;
  notifier: Notifier;
  mutes: () => Mutes;
  onEntry: (e: AlertEntry) => void;
}

/**
 * Probes in alerting, as hosts are: each state change is a `probe` row in the alert log, and a
 * red and its recovery are notified under the probe's own silences and maintenance windows and
 * the same rate limit. States are seeded from the log, so a restart neither repeats a red nor
 * misses its recovery.
 */
export class ProbeAlerting {
  /** Each probe's last logged state and when it began, by probe id. */
  private readonly level = new Map<string, { level: SignalState; since: number }>();
  /** Probes whose current red was announced: only those get a "recovered". */
  private readonly announcedRed = new Set<string>();

  constructor(private readonly deps: ProbeAlertingDeps) {}

  /** A probe's health was judged (after a run, each second, at start): logs a change, notifies red and recovery. */
  onHealth(probe: ProbeSubject): void {
    const { state, reasons, since } = probe.health;
    if (state === 'waiting') return;
    const to = LEVEL_OF[state];
    const prev = this.level.get(probe.id) ?? this.seed(probe.id);
    if (prev?.level === to) return;
    const from = prev?.level ?? 'ok';
    this.level.set(probe.id, { level: to, since });
    if (!prev && to === 'ok') return; // a first green is not news
    const entry = this.deps.log.insert({
      hostId: '',
      probeId: probe.id,
      signal: 'probe',
      kind: 'probe',
      from,
      to,
      at: since,
      value: null,
      threshold: null,
      reason: reasons[0] ?? (to === 'ok' ? 'all checks pass' : to),
      notice: null,
    });
    const wentRed = to === 'critical';
    const recovered = from === 'critical' && (to === 'ok' || to === 'warn');
    if (wentRed || recovered) {
      entry.notice = this.notify(probe, entry, prev?.since);
      this.deps.log.setNotice(entry.id, entry.notice);
    }
    this.deps.onEntry(entry);
  }

  remove(probeId: string): void {
    this.level.delete(probeId);
    this.announcedRed.delete(probeId);
    this.deps.gate.forgetHost(probeKey(probeId));
  }

  private seed(probeId: string): { level: SignalState; since: number } | undefined {
    const last = this.deps.log.lastProbeRow(probeId);
    if (!last) return undefined;
    const seeded = { level: last.to, since: last.at };
    this.level.set(probeId, seeded);
    if (last.to === 'critical' && last.notice?.startsWith('notified')) this.announcedRed.add(probeId);
    return seeded;
  }

  private notify(probe: ProbeSubject, entry: AlertEntry, fromSince: number | undefined): string {
    if (entry.to !== 'critical' && !this.announcedRed.delete(probe.id))
      return 'not notified: its red was not announced either';
    const now = this.deps.clock.now();
    const mutes = this.deps.mutes();
    const key = probeKey(probe.id);
    const decision = this.deps.gate.decide(
      { hostId: key, signal: 'probe', from: entry.from, to: entry.to },
      { id: key, tags: [], name: probe.name },
      mutes,
      now,
      findProbeMute(probe.id, mutes, now),
    );
    if (!decision.notify) return `not notified: ${decision.reason}`;
    const { notice, delivered } = this.deps.notifier.send(
      { kind: 'probe', id: probe.id, name: probe.name },
      entry,
      fromSince,
    );
    if (delivered && entry.to === 'critical') this.announcedRed.add(probe.id);
    return notice;
  }
}
