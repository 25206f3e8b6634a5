import { z } from 'zod';
import {
  DEFAULT_RULES,
  RuleLayerSchema,
  RuleSchema,
  SIGNAL_KINDS,
  type Rule,
  type RuleLayer,
  type RuleOverride,
  type RuleSet,
  type RulesConfig,
  type SignalKind,
} from '../../../shared/alerts';
import { applyLayer, baseRules, mergeRule } from '../../../shared/ruleMerge';
import { scaledMessage } from '../ui/formSchema';

export const THRESHOLD_FIELDS = ['warn', 'clearWarn', 'critical', 'clearCritical'] as const;
export type ThresholdField = (typeof THRESHOLD_FIELDS)[number];

/** `for` is typed in seconds or minutes; the config holds milliseconds. */
export type ForUnit = 's' | 'min';
export const UNIT_MS: Record<ForUnit, number> = { s: 1000, min: 60_000 };

/**
 * One rule as typed. An empty field (and `enabled: null`) means "as the layer below", so only
 * what the person changed is saved and the built-in defaults can still improve underneath.
 */
export interface RuleDraft {
  enabled: boolean | null;
  warn: string;
  clearWarn: string;
  critical: string;
  clearCritical: string;
  forValue: string;
  forUnit: ForUnit;
}

export interface LayerDraft {
  rules: Record<SignalKind, RuleDraft>;
  stale: string;
}

export type OverrideScope = 'tag' | 'host';

export interface OverrideDraft {
  scope: OverrideScope;
  /** The tag, or the host's id. */
  name: string;
  layer: LayerDraft;
}

export interface RulesDraft {
  defaults: LayerDraft;
  overrides: OverrideDraft[];
}

/** Messages keyed by the dotted path the engine uses: `rules.hosts.db-1.cpu.warn`. */
export type FieldErrors = Record<string, string>;

/** The config path of a layer, as the engine names it in its messages. */
export function layerPath(o: { scope: OverrideScope; name: string } | null): string {
  if (!o) return 'rules.defaults';
  return `rules.${o.scope === 'tag' ? 'tags' : 'hosts'}.${o.name}`;
}

/** Minutes when the duration is whole minutes, otherwise seconds. */
export function naturalUnit(ms: number): ForUnit {
  return ms % UNIT_MS.min === 0 ? 'min' : 's';
}

export function formatFor(ms: number, unit: ForUnit): string {
  return String(ms / UNIT_MS[unit]);
}

function toRuleDraft(o: RuleOverride | undefined, below: Rule): RuleDraft {
  const text = (n: number | undefined): string => (n === undefined ? '' : String(n));
  const forUnit = naturalUnit(o?.forMs ?? below.forMs);
  return {
    enabled: o?.enabled ?? null,
    warn: text(o?.warn),
    clearWarn: text(o?.clearWarn),
    critical: text(o?.critical),
    clearCritical: text(o?.clearCritical),
    forValue: o?.forMs === undefined ? '' : formatFor(o.forMs, forUnit),
    forUnit,
  };
}

export function toLayerDraft(layer: RuleLayer, below: RuleSet): LayerDraft {
  const rules = {} as Record<SignalKind, RuleDraft>;
  for (const k of SIGNAL_KINDS) rules[k] = toRuleDraft(layer[k], below.rules[k]);
  return { rules, stale: layer.staleAfterIntervals === undefined ? '' : String(layer.staleAfterIntervals) };
}

export function toRulesDraft(config: RulesConfig): RulesDraft {
  const base = baseRules(config.defaults);
  const overrides = (scope: OverrideScope, layers: Record<string, RuleLayer>): OverrideDraft[] =>
    Object.entries(layers).map(([name, layer]) => ({ scope, name, layer: toLayerDraft(layer, base) }));
  return {
    defaults: toLayerDraft(config.defaults, DEFAULT_RULES),
    overrides: [...overrides('tag', config.tags), ...overrides('host', config.hosts)],
  };
}

const NOT_A_NUMBER = 'enter a number, or leave it empty to use the value shown';

/**
 * A typed field's value checked with the contract's own schema for it (a rule field, or the
 * layer's stale count), the message in the unit the form shows; or undefined with the error set.
 */
function checked(
  schema: z.ZodType,
  value: number,
  key: string,
  errors: FieldErrors,
  unit?: { scale: number; words: string },
): number | undefined {
  const r = schema.safeParse(value);
  if (r.success) return value;
  const [issue] = r.error.issues;
  errors[key] =
    issue && unit ? scaledMessage(issue, unit.scale, unit.words) : (issue?.message ?? 'not allowed');
  return undefined;
}

const FOR_WORDS: Record<ForUnit, string> = { s: 'seconds', min: 'minutes' };

function parseRule(d: RuleDraft, path: string, errors: FieldErrors): RuleOverride {
  const o: RuleOverride = {};
  if (d.enabled !== null) o.enabled = d.enabled;
  const read = (text: string, field: string): number | undefined => {
    const t = text.trim();
    if (t === '') return undefined;
    const n = Number(t);
    if (!Number.isFinite(n)) errors[`${path}.${field}`] = NOT_A_NUMBER;
    else return n;
    return undefined;
  };
  for (const f of THRESHOLD_FIELDS) {
    const n = read(d[f], f);
    if (n !== undefined) {
      const ok = checked(RuleSchema.shape[f], n, `${path}.${f}`, errors, { scale: 1, words: '' });
      if (ok !== undefined) o[f] = ok;
    }
  }
  const forValue = read(d.forValue, 'forMs');
  if (forValue !== undefined) {
    const unit = { scale: UNIT_MS[d.forUnit], words: FOR_WORDS[d.forUnit] };
    const ms = checked(
      RuleSchema.shape.forMs,
      Math.round(forValue * unit.scale),
      `${path}.forMs`,
      errors,
      unit,
    );
    if (ms !== undefined) o.forMs = ms;
  }
  return o;
}

/**
 * The layer a draft stands for, and what is wrong with what was typed (empty fields are fine:
 * they inherit). Fields in error are left out of the layer, so placeholders still work.
 */
export function parseLayer(d: LayerDraft, path: string): { layer: RuleLayer; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const layer: RuleLayer = {};
  for (const k of SIGNAL_KINDS) {
    const o = parseRule(d.rules[k], `${path}.${k}`, errors);
    if (Object.keys(o).length > 0) layer[k] = o;
  }
  const stale = d.stale.trim();
  if (stale !== '') {
    const key = `${path}.staleAfterIntervals`;
    const n = Number(stale);
    if (!Number.isFinite(n)) errors[key] = NOT_A_NUMBER;
    else {
      const ok = checked(RuleLayerSchema.shape.staleAfterIntervals.unwrap(), n, key, errors, {
        scale: 1,
        words: 'polls',
      });
      if (ok !== undefined) layer.staleAfterIntervals = ok;
    }
  }
  return { layer, errors };
}

export function fromRulesDraft(d: RulesDraft): { config: RulesConfig; errors: FieldErrors } {
  const defaults = parseLayer(d.defaults, layerPath(null));
  const config: RulesConfig = { defaults: defaults.layer, tags: {}, hosts: {} };
  let errors = defaults.errors;
  for (const o of d.overrides) {
    const parsed = parseLayer(o.layer, layerPath(o));
    (o.scope === 'tag' ? config.tags : config.hosts)[o.name] = parsed.layer;
    errors = { ...errors, ...parsed.errors };
  }
  return { config, errors };
}

/**
 * The rules an override goes over, for its placeholders: built-in defaults, the defaults layer,
 * then (for a host) each of its tags' overrides in the host's order, as the engine resolves them.
 */
export function rulesBelow(
  d: RulesDraft,
  override: OverrideDraft | null,
  hostTags: readonly string[],
): RuleSet {
  if (!override) return DEFAULT_RULES;
  let set = baseRules(parseLayer(d.defaults, '').layer);
  if (override.scope === 'host') {
    for (const tag of hostTags) {
      const layer = d.overrides.find((o) => o.scope === 'tag' && o.name === tag);
      if (layer) set = applyLayer(set, parseLayer(layer.layer, '').layer);
    }
  }
  return set;
}

/** What each field of a row resolves to if left as it is: the placeholders. */
export function effectiveRule(below: Rule, d: RuleDraft): Rule {
  return mergeRule(below, parseRule(d, '', {}));
}

/** How many fields a layer sets, for an override's one-line summary. */
export function countSet(d: LayerDraft): number {
  let n = d.stale.trim() === '' ? 0 : 1;
  for (const k of SIGNAL_KINDS) {
    const r = d.rules[k];
    if (r.enabled !== null) n++;
    for (const f of [...THRESHOLD_FIELDS, 'forValue'] as const) if (r[f].trim() !== '') n++;
  }
  return n;
}

/**
 * Every field of the draft by the engine's path for it, as typed: the paths an engine message
 * can name, and a way to tell which fields an edit touched (so only their errors go away).
 */
export function flattenRulesDraft(d: RulesDraft): Record<string, string> {
  const out: Record<string, string> = {};
  const layers: [string, LayerDraft][] = [
    [layerPath(null), d.defaults],
    ...d.overrides.map((o): [string, LayerDraft] => [layerPath(o), o.layer]),
  ];
  for (const [path, layer] of layers) {
    out[`${path}.staleAfterIntervals`] = layer.stale;
    for (const k of SIGNAL_KINDS) {
      const r = layer.rules[k];
      out[`${path}.${k}.enabled`] = String(r.enabled);
      for (const f of THRESHOLD_FIELDS) out[`${path}.${k}.${f}`] = r[f];
      out[`${path}.${k}.forMs`] = `${r.forValue} ${r.forUnit}`;
    }
  }
  return out;
}
