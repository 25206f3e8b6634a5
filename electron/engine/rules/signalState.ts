import type { Rule } from './ruleTypes';

/** A signal's level from its values alone; staleness is a host matter, kept by the engine. */
export type Level = 'ok' | 'warn' | 'critical';

const RANK: Record<Level, number> = { ok: 0, warn: 1, critical: 2 };
const RAISED = ['warn', 'critical'] as const;
type Raised = (typeof RAISED)[number];

/**
 * The `for` state machine of one signal. For each raised level it keeps the time since which
 * the values have disagreed with the current state (above the trip level while below it, or
 * under the clear level while at or above it); a disagreement that lasts `forMs` moves the
 * state. One sample that agrees again resets it, so a dip shorter than `forMs` leaves a
 * critical signal critical.
 */
export interface SignalTrack {
  level: Level;
  /** When `level` was entered (the sample that completed the `for`). */
  since: number;
  value: number;
  disagreeSince: Record<Raised, number | null>;
}

export interface LevelStep {
  from: Level;
  to: Level;
  /** The level crossed: the trip level going up, the lowest clear level passed going down. */
  threshold: number;
}

/** A new signal starts ok: a value already high must still hold for `forMs` to raise it. */
export function newTrack(at: number, value: number): SignalTrack {
  return { level: 'ok', since: at, value, disagreeSince: { warn: null, critical: null } };
}

/** Forgets pending changes, after a gap in the data means nobody knows what happened in it. */
export function resetPending(t: SignalTrack): void {
  t.disagreeSince = { warn: null, critical: null };
}

/** Feeds one value seen at `at`; moves `t` in place and returns the step if the level changed. */
export function stepTrack(t: SignalTrack, value: number, at: number, rule: Rule): LevelStep | null {
  t.value = value;
  const effective: Record<Raised, boolean> = { warn: false, critical: false };
  for (const lvl of RAISED) {
    const held = RANK[t.level] >= RANK[lvl];
    const inside = held ? value >= clearOf(rule, lvl) : value >= rule[lvl];
    if (inside === held) {
      t.disagreeSince[lvl] = null;
      effective[lvl] = held;
    } else {
      t.disagreeSince[lvl] ??= at;
      effective[lvl] = at - t.disagreeSince[lvl] >= rule.forMs ? inside : held;
    }
  }
  const to: Level = effective.critical ? 'critical' : effective.warn ? 'warn' : 'ok';
  if (to === t.level) return null;

  const from = t.level;
  t.level = to;
  t.since = at;
  // A level whose held-ness just changed now agrees with the values (that is why it changed).
  for (const lvl of RAISED) {
    if (RANK[from] >= RANK[lvl] !== RANK[to] >= RANK[lvl]) t.disagreeSince[lvl] = null;
  }
  const threshold =
    RANK[to] > RANK[from] ? rule[to as Raised] : to === 'ok' ? rule.clearWarn : rule.clearCritical;
  return { from, to, threshold };
}

function clearOf(rule: Rule, lvl: Raised): number {
  return lvl === 'warn' ? rule.clearWarn : rule.clearCritical;
}

/** Worse-than comparison, for sorting and "worst of a host's signals". */
export function levelRank(l: Level): number {
  return RANK[l];
}
