import { formatClock } from '../../../shared/format';
import type { HealthState, Sample } from '../../../shared/schemas';
import type { Clock } from '../clock';
import { resolveRules, type RuleHost } from './ruleConfig';
import { emptyRulesConfig, type Rule, type RuleSet, type RulesConfig } from './ruleTypes';
import { levelRank, newTrack, resetPending, stepTrack, type Level, type SignalTrack } from './signalState';
import {
  formatFor,
  formatSignalValue,
  goneWhenAbsent,
  readSignals,
  ruleNote,
  signalLabel,
  type SignalId,
  type SignalReading,
  type SignalKind,
} from './signals';

/** A signal's state as the outside sees it: its level, or `stale` while its host sends nothing. */
export type SignalState = Level | 'stale';

/** The pseudo-signal that carries a host's data freshness (ok ↔ stale). */
export const DATA_SIGNAL = 'data';

/** One state change, recorded whether or not anyone is notified of it. */
export interface StateChange {
  hostId: string;
  /** `cpu`, `disk:/var`, or {@link DATA_SIGNAL} for data stopping and resuming. */
  signal: SignalId;
  kind: SignalKind | typeof DATA_SIGNAL;
  from: SignalState;
  to: SignalState;
  at: number;
  /** The value that completed the change; null for data freshness and for a rule turned off. */
  value: number | null;
  /** The level crossed; null where there is none. */
  threshold: number | null;
  /** In words: "CPU 93% ≥ 85% for 2 min". */
  reason: string;
}

/** A host known to the engine: rules come from its id and tags, staleness from its interval. */
export interface RuleEngineHost extends RuleHost {
  intervalMs: number;
  /**
   * A service's host: the service is judged by that host's rules (its own layer and its tags'),
   * so "db-1 gets 90 % connections" is set on db-1. Unset for a host.
   */
  rulesOf?: string;
}

/** The rules a subject is judged by: its own, or its host's for a service. */
function rulesFor(config: RulesConfig, s: RuleEngineHost): RuleSet {
  return resolveRules(config, { id: s.rulesOf ?? s.id, tags: s.tags });
}

export interface SignalStatus {
  signal: SignalId;
  kind: SignalKind;
  label: string;
  state: SignalState;
  since: number;
  value: number;
  /** Why it is not ok, in words; null when ok. */
  reason: string | null;
}

/** A host's overall state: the worst of its signals, the worst reason first. */
export interface HostStatus {
  hostId: string;
  state: 'waiting' | SignalState;
  reasons: string[];
  lastSampleTs: number | null;
  signals: SignalStatus[];
}

/** How the board colours each state. */
export const HEALTH_OF: Record<HostStatus['state'], HealthState> = {
  waiting: 'waiting',
  ok: 'green',
  warn: 'amber',
  critical: 'red',
  stale: 'grey',
};

interface Tracked {
  kind: SignalKind;
  label: string;
  /** The latest value in words, for readings that give them (services). */
  words?: string;
  track: SignalTrack;
}

interface HostEntry {
  host: RuleEngineHost;
  rules: RuleSet;
  lastSampleTs: number | null;
  stale: boolean;
  signals: Map<SignalId, Tracked>;
}

/**
 * Alert rules over live samples: per host, per signal, a level with `for` delays and
 * hysteresis, plus staleness. Pure and unwired: feed it with {@link observe} and {@link tick};
 * it returns the state changes (and passes each to `onChange`), leaving notification to
 * silences.ts.
 */
export class RuleEngine {
  private config: RulesConfig;
  private readonly hosts = new Map<string, HostEntry>();
  private readonly clock: Clock;
  private readonly onChange: (c: StateChange) => void;

  constructor(opts: { clock: Clock; config?: RulesConfig; onChange?: (c: StateChange) => void }) {
    this.clock = opts.clock;
    this.config = opts.config ?? emptyRulesConfig();
    this.onChange = opts.onChange ?? (() => {});
  }

  /** Adds or updates a host (tags or interval changed); its current states are kept. */
  setHost(host: RuleEngineHost): void {
    const e = this.hosts.get(host.id);
    const rules = rulesFor(this.config, host);
    if (e) Object.assign(e, { host, rules });
    else this.hosts.set(host.id, { host, rules, lastSampleTs: null, stale: false, signals: new Map() });
  }

  removeHost(hostId: string): void {
    this.hosts.delete(hostId);
  }

  /** Swaps in a config already checked by parseRulesConfig; states carry over to the new rules. */
  setConfig(config: RulesConfig): void {
    this.config = config;
    for (const e of this.hosts.values()) e.rules = rulesFor(config, e.host);
  }

  /**
   * Puts back a signal's raised state from the alert log after a restart, so a critical disk
   * stays critical (and is not announced again) instead of starting over at ok.
   */
  restore(
    hostId: string,
    signal: SignalId,
    kind: SignalKind,
    level: Level,
    since: number,
    value: number,
  ): void {
    const e = this.hosts.get(hostId);
    if (!e || level === 'ok') return;
    const track = newTrack(since, value);
    track.level = level;
    e.signals.set(signal, { kind, label: signalLabel(signal), track });
  }

  /** Feeds one sample; returns the changes it caused, in order. */
  observe(s: Sample): StateChange[] {
    return this.observeReadings(s.hostId, s.ts, readSignals(s));
  }

  /**
   * Feeds the readings one subject gave at `ts`: a host's sample, or a service's poll (a
   * subject set with setHost like a host, its interval the service's). Returns the changes.
   */
  observeReadings(subjectId: string, ts: number, readings: readonly SignalReading[]): StateChange[] {
    const e = this.hosts.get(subjectId);
    if (!e) throw new Error(`RuleEngine got a sample for unknown host "${subjectId}": call setHost first.`);
    const out: StateChange[] = [];
    const gap = e.lastSampleTs === null ? 0 : ts - e.lastSampleTs;
    if (e.stale) {
      e.stale = false;
      out.push(this.dataChange(e, 'stale', 'ok', ts, `data again after a ${formatFor(gap)} gap`));
    }
    // A gap as long as staleness means no evidence either way: pending `for`s start over.
    if (gap > this.staleAfterMs(e)) for (const t of e.signals.values()) resetPending(t.track);
    e.lastSampleTs = ts;

    const seen = new Set<SignalId>();
    for (const r of readings) {
      const rule = e.rules.rules[r.kind];
      if (!rule.enabled) continue;
      seen.add(r.id);
      let t = e.signals.get(r.id);
      if (!t) {
        t = { kind: r.kind, label: r.label, track: newTrack(ts, r.value) };
        e.signals.set(r.id, t);
      }
      t.words = r.words;
      const step = stepTrack(t.track, r.value, ts, rule);
      if (!step) continue;
      const v = formatSignalValue(r.kind, r.value);
      const lvl = formatSignalValue(r.kind, step.threshold);
      const cmp = levelRank(step.to) > levelRank(step.from) ? '≥' : '<';
      const held = rule.forMs > 0 ? ` for ${formatFor(rule.forMs)}` : '';
      const note = ruleNote(r.kind, cmp, step.threshold, rule.forMs);
      out.push({
        hostId: subjectId,
        signal: r.id,
        kind: r.kind,
        from: step.from,
        to: step.to,
        at: ts,
        value: r.value,
        threshold: step.threshold,
        reason:
          r.words === undefined
            ? `${r.label} ${v} ${cmp} ${lvl}${held}`
            : `${r.words}${note ? ` (${note})` : ''}`,
      });
    }
    for (const [id, t] of e.signals) {
      if (seen.has(id)) continue;
      const ruleOff = !e.rules.rules[t.kind].enabled;
      if (!ruleOff && !goneWhenAbsent(t.kind)) continue; // unknown this poll, not gone
      e.signals.delete(id);
      if (t.track.level === 'ok') continue;
      const why = ruleOff ? `${t.label} rule turned off` : `${t.label} no longer reported`;
      out.push({ ...this.base(e, id, t.kind, t.track.level, 'ok', ts), reason: why });
    }
    for (const c of out) this.onChange(c);
    return out;
  }

  /** Checks every host for staleness at the clock's now; call it on a timer (once a second is plenty). */
  tick(): StateChange[] {
    const now = this.clock.now();
    const out: StateChange[] = [];
    for (const e of this.hosts.values()) {
      if (e.stale || e.lastSampleTs === null || now - e.lastSampleTs <= this.staleAfterMs(e)) continue;
      e.stale = true;
      for (const t of e.signals.values()) resetPending(t.track);
      out.push(this.dataChange(e, 'ok', 'stale', now, `no data since ${formatClock(e.lastSampleTs)}`));
    }
    for (const c of out) this.onChange(c);
    return out;
  }

  /**
   * Where each of a subject's signals stands: its level, and whether a change is pending (a `for`
   * running). A replay of history reads this to know which stretches cannot change anything.
   */
  tracks(hostId: string): Map<SignalId, { kind: SignalKind; level: Level; pending: boolean }> {
    const out = new Map<SignalId, { kind: SignalKind; level: Level; pending: boolean }>();
    for (const [id, t] of this.hosts.get(hostId)?.signals ?? []) {
      const d = t.track.disagreeSince;
      out.set(id, { kind: t.kind, level: t.track.level, pending: d.warn !== null || d.critical !== null });
    }
    return out;
  }

  /** Every signal of a host, worst first; all `stale` while the host's data has stopped. */
  signalStates(hostId: string): SignalStatus[] {
    const e = this.hosts.get(hostId);
    if (!e) return [];
    const list = [...e.signals].map(([signal, t]): SignalStatus & { excess: number } => {
      const { level, since, value } = t.track;
      const rule = e.rules.rules[t.kind];
      const lvl = level === 'ok' ? 0 : rule[level];
      return {
        signal,
        kind: t.kind,
        label: t.label,
        state: e.stale ? 'stale' : level,
        since,
        value,
        reason: level === 'ok' || e.stale ? null : heldReason(t, rule, lvl),
        excess: level === 'ok' ? 0 : (value - lvl) / Math.max(lvl, 1e-9),
      };
    });
    // Worst level first; among equals, the one furthest over its level.
    list.sort((a, b) => rankOf(b.state) - rankOf(a.state) || b.excess - a.excess);
    return list.map(({ excess: _excess, ...s }) => s);
  }

  /** A host's overall state: waiting, stale, or the worst of its signals with reasons worst first. */
  hostStatus(hostId: string): HostStatus {
    const e = this.hosts.get(hostId);
    const lastSampleTs = e?.lastSampleTs ?? null;
    if (!e || lastSampleTs === null) {
      return { hostId, state: 'waiting', reasons: ['waiting for the first poll'], lastSampleTs, signals: [] };
    }
    const signals = this.signalStates(hostId);
    if (e.stale) {
      return {
        hostId,
        state: 'stale',
        reasons: [`no data since ${formatClock(lastSampleTs)}`],
        lastSampleTs,
        signals,
      };
    }
    const worst = signals[0]?.state ?? 'ok';
    const reasons = signals.flatMap((s) => (s.reason ? [s.reason] : []));
    return { hostId, state: worst, reasons, lastSampleTs, signals };
  }

  private staleAfterMs(e: HostEntry): number {
    return e.rules.staleAfterIntervals * e.host.intervalMs;
  }

  private dataChange(
    e: HostEntry,
    from: SignalState,
    to: SignalState,
    at: number,
    reason: string,
  ): StateChange {
    return { ...this.base(e, DATA_SIGNAL, DATA_SIGNAL, from, to, at), reason };
  }

  private base(
    e: HostEntry,
    signal: SignalId,
    kind: StateChange['kind'],
    from: SignalState,
    to: SignalState,
    at: number,
  ): Omit<StateChange, 'reason'> {
    return { hostId: e.host.id, signal, kind, from, to, at, value: null, threshold: null };
  }
}

/** Why a raised signal is raised; under its trip level, hysteresis holds it, which says so. */
function heldReason(t: Tracked, rule: Rule, lvl: number): string {
  const fmt = (n: number): string => formatSignalValue(t.kind, n);
  const { level, value } = t.track;
  if (value >= lvl) return t.words ?? `${t.label} ${fmt(value)} ≥ ${fmt(lvl)}`;
  const clear = level === 'critical' ? rule.clearCritical : rule.clearWarn;
  return `${t.words ?? `${t.label} ${fmt(value)}`}, ${level} until under ${fmt(clear)}`;
}

function rankOf(s: SignalState): number {
  return s === 'stale' ? -1 : levelRank(s);
}
