import { formatClock } from '../../../shared/format';
import type { RuleHost } from './ruleConfig';
import type { MaintenanceWindow, Silence } from '../../../shared/alerts';
import type { StateChange } from './ruleEngine';

const DAY = 86_400_000;

export {
  MaintenanceWindowSchema,
  SilenceSchema,
  type MaintenanceWindow,
  type Silence,
} from '../../../shared/alerts';

export interface Mutes {
  silences: readonly Silence[];
  windows: readonly MaintenanceWindow[];
}

/** What muted a change, for the log line "not notified: …". */
export interface MuteHit {
  kind: 'silence' | 'maintenance';
  id: string;
  /** When this mute stops (the current occurrence's end for a daily window). */
  until: number;
  reason: string;
}

/** The end of the occurrence of `w` running at `now`, or null when none is. */
export function windowEndAt(w: MaintenanceWindow, now: number): number | null {
  if (now < w.from) return null;
  if (!w.daily) return now < w.to ? w.to : null;
  const start = w.from + Math.floor((now - w.from) / DAY) * DAY;
  const end = start + (w.to - w.from);
  return now < end ? end : null;
}

type Target = Silence['target'] | MaintenanceWindow['target'];

/** The first silence or maintenance window muting `change` of a host at `now`, or null. */
export function findMute(
  change: Pick<StateChange, 'hostId' | 'signal'>,
  host: RuleHost,
  mutes: Mutes,
  now: number,
): MuteHit | null {
  return firstMute(mutes, now, (t) => {
    switch (t.kind) {
      case 'host':
        return t.hostId === host.id;
      case 'tag':
        return host.tags.includes(t.tag);
      case 'signal':
        return (
          (t.hostId === undefined || t.hostId === host.id) &&
          (change.signal === t.signal || change.signal.startsWith(`${t.signal}:`))
        );
      case 'probe':
        return false;
    }
  });
}

/** The first silence or maintenance window on probe `probeId` at `now`, or null. */
export function findProbeMute(probeId: string, mutes: Mutes, now: number): MuteHit | null {
  return firstMute(mutes, now, (t) => t.kind === 'probe' && t.probeId === probeId);
}

function firstMute(mutes: Mutes, now: number, covers: (t: Target) => boolean): MuteHit | null {
  for (const s of mutes.silences) {
    if (now < s.until && covers(s.target)) {
      return {
        kind: 'silence',
        id: s.id,
        until: s.until,
        reason: `silenced by ${s.by} until ${formatClock(s.until)}: ${s.why}`,
      };
    }
  }
  for (const w of mutes.windows) {
    const end = windowEndAt(w, now);
    if (end !== null && covers(w.target)) {
      return {
        kind: 'maintenance',
        id: w.id,
        until: end,
        reason: `maintenance until ${formatClock(end)} (${w.by}): ${w.why}`,
      };
    }
  }
  return null;
}

export type NotifyDecision = { notify: true; reason: string } | { notify: false; reason: string };

/**
 * Decides which state changes become notifications: none while a silence or maintenance window
 * covers them, and at most one per host per `minGapMs`, so a host falling over does not send
 * ten. One exception: the recovery of a critical we did notify always goes through (and
 * counts), or the last word the user had about that signal would be "critical".
 */
export class NotificationGate {
  private readonly lastAt = new Map<string, number>();
  private readonly notifiedCritical = new Set<string>();

  /** Settings may change it while running. */
  constructor(public minGapMs = 5 * 60_000) {}

  decide(
    change: Pick<StateChange, 'hostId' | 'signal' | 'from' | 'to'>,
    host: RuleHost & { name?: string },
    mutes: Mutes,
    now: number,
    /** What mutes it, when not a host's own silences (a probe's); `hostId` is then the rate limit's key. */
    mute: MuteHit | null = findMute(change, host, mutes, now),
  ): NotifyDecision {
    const key = `${change.hostId}\u0000${change.signal}`;
    const recovery = change.from === 'critical' && this.notifiedCritical.has(key);
    // Whatever happens to it, this signal has left critical: a later recovery is not this one.
    if (change.from === 'critical') this.notifiedCritical.delete(key);

    if (mute) return { notify: false, reason: mute.reason };
    const last = this.lastAt.get(change.hostId);
    if (!recovery && last !== undefined && now - last < this.minGapMs) {
      return {
        notify: false,
        reason: `rate limited: ${host.name ?? host.id} was last notified at ${formatClock(last)}, at most one every ${Math.round(
          this.minGapMs / 60_000,
        )} min`,
      };
    }
    this.lastAt.set(change.hostId, now);
    if (change.to === 'critical') this.notifiedCritical.add(key);
    return { notify: true, reason: recovery ? 'recovery of a notified critical' : 'notify' };
  }

  /** Forgets a removed host. */
  forgetHost(hostId: string): void {
    this.lastAt.delete(hostId);
    for (const k of this.notifiedCritical)
      if (k.startsWith(`${hostId}\u0000`)) this.notifiedCritical.delete(k);
  }
}
