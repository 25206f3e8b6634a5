import type { AlertEntry, SignalState } from '../../../shared/alerts';
import type { Clock } from '../clock';
import type { Notifier } from '../notify/notifier';
import type { HostStatus, RuleEngine, SignalStatus, StateChange } from '../rules/ruleEngine';
import { findMute, type Mutes, type NotificationGate } from '../rules/silences';
import type { SignalKind, SignalReading } from '../rules/signals';
import { redOrRecovered, type AlertLog } from '../store/alertLog';

export interface GroupAlertingDeps {
  /** The hosts' rule engine: a group is one more subject, judged by its tag's rules. */
  rules: RuleEngine;
  log: AlertLog;
  clock: Clock;
  gate: NotificationGate;
  notifier: Notifier;
  mutes: () => Mutes;
  /** Logs a signal's change as a host's are logged. */
  record: (c: StateChange) => void;
  onEntry: (e: AlertEntry) => void;
}

/** A group's id in the rule engine and the alert log: `group:web` (no host id has a colon). */
export function groupSubjectId(tag: string): string {
  return `group:${tag}`;
}

interface Subject {
  tag: string;
  level: { level: SignalState; since: number } | null;
  announced: boolean;
}

/**
 * Groups in alerting, as hosts and services are: a group is a subject of the rule engine
 * (`group:web`, judged by the rules of its tag, so `rules.tags.web.groupCpu` is where its levels
 * are set), its signals' changes go in the alert log, and its overall red and recovery are
 * `group` rows, notified through the same gate. A silence on the tag covers the group.
 */
export class GroupAlerting {
  private readonly subjects = new Map<string, Subject>();

  constructor(private readonly deps: GroupAlertingDeps) {}

  /** One evaluation of a group: feeds its readings to the rules, logs, notifies. */
  observe(tag: string, intervalMs: number, ts: number, readings: readonly SignalReading[]): void {
    const s = this.ensure(tag, intervalMs);
    const id = groupSubjectId(tag);
    for (const c of this.deps.rules.observeReadings(id, ts, readings)) this.deps.record(c);
    this.judge(s, ts);
  }

  status(tag: string): HostStatus {
    return this.deps.rules.hostStatus(groupSubjectId(tag));
  }

  signals(tag: string): SignalStatus[] {
    return this.deps.rules.signalStates(groupSubjectId(tag));
  }

  /** After the rule engine's tick: a group nobody evaluates any more turns stale. */
  tick(): void {
    const now = this.deps.clock.now();
    for (const s of this.subjects.values()) this.judge(s, now);
  }

  /** The tag is on no host any more. */
  remove(tag: string): void {
    if (!this.subjects.delete(tag)) return;
    this.deps.rules.removeHost(groupSubjectId(tag));
    this.deps.gate.forgetHost(groupSubjectId(tag));
  }

  private ensure(tag: string, intervalMs: number): Subject {
    const id = groupSubjectId(tag);
    this.deps.rules.setHost({ id, tags: [tag], intervalMs });
    const known = this.subjects.get(tag);
    if (known) return known;
    const now = this.deps.clock.now();
    // A restart repeats nothing: raised states come back from the log.
    for (const e of this.deps.log.signalsAt(id, now)) {
      if (e.to === 'warn' || e.to === 'critical')
        this.deps.rules.restore(id, e.signal, e.kind as SignalKind, e.to, e.at, e.value ?? 0);
    }
    const last = this.deps.log.lastSubjectRow(id, 'group');
    const s: Subject = {
      tag,
      level: last ? { level: last.to, since: last.at } : null,
      announced: last?.to === 'critical' && (last.notice?.startsWith('notified') ?? false),
    };
    this.subjects.set(tag, s);
    return s;
  }

  private judge(s: Subject, at: number): void {
    const st = this.status(s.tag);
    if (st.state === 'waiting') return;
    const to = st.state;
    const prev = s.level;
    if (prev?.level === to) return;
    s.level = { level: to, since: at };
    if (!prev && to === 'ok') return; // a first green is not news
    const from = prev?.level ?? 'ok';
    const first = st.reasons[0];
    const reason = first
      ? first.startsWith(`${s.tag}:`)
        ? first
        : `${s.tag}: ${first}`
      : `${s.tag}: all signals ok`;
    const entry = this.deps.log.insertLevel(
      { id: groupSubjectId(s.tag), kind: 'group' },
      { from, to, at, reason },
    );
    if (redOrRecovered(from, to)) {
      entry.notice = this.notify(s, entry, prev?.since);
      this.deps.log.setNotice(entry.id, entry.notice);
    }
    this.deps.onEntry(entry);
  }

  private notify(s: Subject, entry: AlertEntry, fromSince: number | undefined): string {
    if (entry.to !== 'critical') {
      if (!s.announced) return 'not notified: its red was not announced either';
      s.announced = false;
    }
    const now = this.deps.clock.now();
    const mutes = this.deps.mutes();
    const subject = { id: groupSubjectId(s.tag), tags: [s.tag], name: `group ${s.tag}` };
    const mute = findMute({ hostId: subject.id, signal: 'group' }, subject, mutes, now);
    const decision = this.deps.gate.decide(entry, subject, mutes, now, mute);
    if (!decision.notify) return `not notified: ${decision.reason}`;
    const { notice, delivered } = this.deps.notifier.send(
      { kind: 'host', id: subject.id, name: subject.name },
      entry,
      fromSince,
    );
    if (delivered && entry.to === 'critical') s.announced = true;
    return notice;
  }
}
