// The rule schemas are part of the API contract (Settings edits them), so they live in shared/.
export {
  DEFAULT_RULES,
  emptyRulesConfig,
  RuleLayerSchema,
  RuleOverrideSchema,
  RuleSchema,
  RulesConfigSchema,
  type Rule,
  type RuleLayer,
  type RuleOverride,
  type RuleSet,
  type RulesConfig,
} from '../../../shared/alerts';
