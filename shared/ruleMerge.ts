import {
  DEFAULT_RULES,
  SIGNAL_KINDS,
  type Rule,
  type RuleLayer,
  type RuleOverride,
  type RuleSet,
} from './alerts';

/**
 * The lowest value any signal takes (percentages, load, errors per second, poll time). A signal
 * clears only when it falls *under* its clear level, so a clear level at or below this floor
 * could never be passed and the alert would never clear.
 */
export const SIGNAL_FLOOR = 0;

/**
 * An override that moves a trip level but not its clear level keeps the gap of the layer below
 * (warn 70 over warn 85 / clear 80 clears under 65): otherwise lowering `warn` alone would
 * leave the clear level above it, which is rejected, and every user would trip on that. Where
 * keeping the gap would put the clear level at or under the floor (warn 3 over 85 / 80), the
 * clear level keeps the ratio instead (3 × 80 / 85 → clears under 2.82), so it can always clear.
 */
export function deriveClear(trip: number, belowTrip: number, belowClear: number): number {
  const byGap = trip - (belowTrip - belowClear);
  if (byGap > SIGNAL_FLOOR) return byGap;
  if (belowTrip <= SIGNAL_FLOOR) return trip;
  return Math.round(((trip * belowClear) / belowTrip) * 100) / 100;
}

/** How a layer of overrides lands on the rules below it. Used by the engine and by Settings. */
export function mergeRule(below: Rule, o: RuleOverride): Rule {
  const r = { ...below, ...o };
  if (o.warn !== undefined && o.clearWarn === undefined)
    r.clearWarn = deriveClear(o.warn, below.warn, below.clearWarn);
  if (o.critical !== undefined && o.clearCritical === undefined) {
    r.clearCritical = deriveClear(o.critical, below.critical, below.clearCritical);
  }
  return r;
}

export function applyLayer(set: RuleSet, layer: RuleLayer): RuleSet {
  const rules = { ...set.rules };
  for (const k of SIGNAL_KINDS) {
    const o = layer[k];
    if (o) rules[k] = mergeRule(rules[k], o);
  }
  return { rules, staleAfterIntervals: layer.staleAfterIntervals ?? set.staleAfterIntervals };
}

/** Built-in defaults with the config's defaults layer over them: what a tag layer goes over. */
export function baseRules(defaults: RuleLayer): RuleSet {
  return applyLayer(DEFAULT_RULES, defaults);
}
