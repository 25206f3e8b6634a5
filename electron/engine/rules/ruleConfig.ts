import { applyLayer, mergeRule, SIGNAL_FLOOR } from '../../../shared/ruleMerge';
import {
  DEFAULT_RULES,
  RulesConfigSchema,
  type Rule,
  type RuleLayer,
  type RuleSet,
  type RulesConfig,
} from './ruleTypes';
import { PERCENT_KINDS, SIGNAL_KINDS, type SignalKind } from './signals';

/** One thing wrong with a rules config, at a dotted path such as `rules.hosts.db-1.cpu.warn`. */
export interface RuleIssue {
  path: string;
  message: string;
}

export type ParseRulesResult =
  | { ok: true; config: RulesConfig }
  | { ok: false; error: { code: 'invalid_rules'; message: string; issues: RuleIssue[] } };

/** The host facts rules depend on. */
export interface RuleHost {
  id: string;
  tags: readonly string[];
}

/**
 * Checks a rules config from settings or the API. Shape errors come from zod; then each layer
 * is merged over the layers below it and checked for sense (warn ≤ critical, clear ≤ trip,
 * percentages ≤ 100), naming the field the layer set: "rules.hosts.db-1.cpu.warn: must be ≤
 * critical (95)".
 */
export function parseRulesConfig(raw: unknown): ParseRulesResult {
  const parsed = RulesConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((i) => ({
        path: ['rules', ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    );
  }
  const config = parsed.data;
  const base = applyLayer(DEFAULT_RULES, config.defaults);
  const issues = [
    ...checkLayer('rules.defaults', DEFAULT_RULES, config.defaults),
    ...Object.entries(config.tags).flatMap(([tag, l]) => checkLayer(`rules.tags.${tag}`, base, l)),
    ...Object.entries(config.hosts).flatMap(([host, l]) => checkLayer(`rules.hosts.${host}`, base, l)),
  ];
  return issues.length > 0 ? fail(issues) : { ok: true, config };
}

/**
 * The rules one host is judged by: built-in defaults, then the config's defaults, then each of
 * the host's tags in the order the host lists them (a later tag wins a field both set), then
 * the host's own layer.
 */
export function resolveRules(config: RulesConfig, host: RuleHost): RuleSet {
  let set = applyLayer(DEFAULT_RULES, config.defaults);
  for (const tag of host.tags) {
    const layer = config.tags[tag];
    if (layer) set = applyLayer(set, layer);
  }
  const own = config.hosts[host.id];
  return own ? applyLayer(set, own) : set;
}

/**
 * Problems in one host's resolved rules. parseRulesConfig checks each layer on its own; two
 * tags, or a tag and a host layer, can still combine into something odd, which Settings can
 * show with this. The engine still runs such rules as they are.
 */
export function checkHostRules(config: RulesConfig, host: RuleHost): RuleIssue[] {
  const set = resolveRules(config, host);
  return SIGNAL_KINDS.flatMap((k) => checkRule(`rules.hosts.${host.id}.${k}`, k, set.rules[k], {}));
}

function checkLayer(prefix: string, below: RuleSet, layer: RuleLayer): RuleIssue[] {
  return SIGNAL_KINDS.flatMap((k) => {
    const o = layer[k];
    return o ? checkRule(`${prefix}.${k}`, k, mergeRule(below.rules[k], o), o) : [];
  });
}

/** `set` says which fields this layer wrote, so the message names the one the user typed. */
function checkRule(prefix: string, kind: SignalKind, r: Rule, set: Partial<Rule>): RuleIssue[] {
  const out: RuleIssue[] = [];
  const at = (field: keyof Rule, message: string): void => {
    out.push({ path: `${prefix}.${field}`, message });
  };
  if (r.warn > r.critical) {
    if ('critical' in set && !('warn' in set)) at('critical', `must be ≥ warn (${r.warn})`);
    else at('warn', `must be ≤ critical (${r.critical})`);
  }
  if (r.clearWarn > r.warn) at('clearWarn', `must be ≤ warn (${r.warn}), or the state would flap`);
  if (r.clearCritical > r.critical) {
    at('clearCritical', `must be ≤ critical (${r.critical}), or the state would flap`);
  }
  // A signal clears only under its clear level, and no signal goes under the floor: such a rule,
  // once raised, would stay raised for ever ("CPU 3%, critical until under 0%").
  for (const f of ['clearWarn', 'clearCritical'] as const) {
    if (r[f] <= SIGNAL_FLOOR) at(f, `must be above ${SIGNAL_FLOOR}, or the alert could never clear`);
  }
  if (PERCENT_KINDS.has(kind)) {
    for (const f of ['warn', 'critical'] as const) {
      if (r[f] > 100) at(f, 'must be ≤ 100 (it is a percentage); to stop this rule set enabled: false');
    }
  }
  return out;
}

function fail(issues: RuleIssue[]): ParseRulesResult {
  const message = `Alert rules not saved: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}. Fix ${
    issues.length === 1 ? 'that field' : 'those fields'
  } and save again.`;
  return { ok: false, error: { code: 'invalid_rules', message, issues } };
}
