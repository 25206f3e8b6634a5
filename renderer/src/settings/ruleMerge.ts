import {
  DEFAULT_RULES,
  SIGNAL_KINDS,
  type Rule,
  type RuleLayer,
  type RuleOverride,
  type RuleSet,
} from '../../../shared/alerts';

/**
 * How a layer of overrides lands on the rules below it, as the engine's mergeRule in
 * electron/engine/rules/ruleConfig.ts does it (the renderer may not import the engine). Settings
 * uses it for placeholders: a field left empty shows the value the engine will use, including a
 * clear level it derives from a moved trip level.
 */
export function mergeRule(below: Rule, o: RuleOverride): Rule {
  const r = { ...below, ...o };
  if (o.warn !== undefined && o.clearWarn === undefined)
    r.clearWarn = Math.max(0, o.warn - (below.warn - below.clearWarn));
  if (o.critical !== undefined && o.clearCritical === undefined) {
    r.clearCritical = Math.max(0, o.critical - (below.critical - below.clearCritical));
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
