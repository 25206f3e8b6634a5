import { z } from 'zod';
import type { SignalKind } from './signals';

/**
 * One alert rule. A value at or above `warn` (`critical`) raises the signal; it falls back
 * only once below `clearWarn` (`clearCritical`), so a value wobbling around the trip level
 * does not flap. Both directions must hold for `forMs` first, as Prometheus' `for` does.
 */
export const RuleSchema = z
  .object({
    enabled: z.boolean(),
    warn: z.number().finite().min(0),
    clearWarn: z.number().finite().min(0),
    critical: z.number().finite().min(0),
    clearCritical: z.number().finite().min(0),
    /** How long a condition must hold before the state rises, and its clear before it falls. */
    forMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 3_600_000, 'must be at most a day (86400000 ms)'),
  })
  .strict();
export type Rule = z.infer<typeof RuleSchema>;

/** An override names only the fields it changes; the rest come from the layer below. */
export const RuleOverrideSchema = RuleSchema.partial().strict();
export type RuleOverride = z.infer<typeof RuleOverrideSchema>;

const overrides = {
  cpu: RuleOverrideSchema.optional(),
  iowait: RuleOverrideSchema.optional(),
  memory: RuleOverrideSchema.optional(),
  swap: RuleOverrideSchema.optional(),
  disk: RuleOverrideSchema.optional(),
  load: RuleOverrideSchema.optional(),
  pollLatency: RuleOverrideSchema.optional(),
  /** No sample for this many poll intervals turns the host grey. */
  staleAfterIntervals: z.number().int().min(1).max(1000).optional(),
} satisfies Record<SignalKind | 'staleAfterIntervals', z.ZodType>;

/** One layer of overrides: the config's defaults, one tag's, or one host's. */
export const RuleLayerSchema = z.object(overrides).strict();
export type RuleLayer = z.infer<typeof RuleLayerSchema>;

/**
 * The rules config as stored in settings. `defaults` adjusts the built-in {@link DEFAULT_RULES};
 * a tag's layer goes over that and a host's layer over everything (host beats tag beats default).
 */
export const RulesConfigSchema = z
  .object({
    defaults: RuleLayerSchema.default({}),
    tags: z.record(z.string(), RuleLayerSchema).default({}),
    hosts: z.record(z.string(), RuleLayerSchema).default({}),
  })
  .strict();
export type RulesConfig = z.infer<typeof RulesConfigSchema>;

/** The rules one host is judged by, every field filled in. */
export interface RuleSet {
  rules: Record<SignalKind, Rule>;
  staleAfterIntervals: number;
}

const MIN = 60_000;

/**
 * Defaults for a typical Linux server. Trip levels match health.ts's DEFAULT_THRESHOLDS; clear
 * levels sit a few points under them, and `for` is long enough to ride out a cron job or a
 * deploy but short enough that a real problem shows within minutes.
 */
export const DEFAULT_RULES: RuleSet = {
  rules: {
    cpu: { enabled: true, warn: 85, clearWarn: 80, critical: 95, clearCritical: 90, forMs: 2 * MIN },
    iowait: { enabled: true, warn: 20, clearWarn: 15, critical: 40, clearCritical: 30, forMs: 2 * MIN },
    memory: { enabled: true, warn: 90, clearWarn: 85, critical: 95, clearCritical: 92, forMs: 2 * MIN },
    swap: { enabled: true, warn: 50, clearWarn: 40, critical: 80, clearCritical: 70, forMs: 5 * MIN },
    // Disks fill slowly and do not dip back by themselves: a short `for` only skips a blip.
    disk: { enabled: true, warn: 85, clearWarn: 82, critical: 95, clearCritical: 93, forMs: 1 * MIN },
    load: { enabled: true, warn: 1.5, clearWarn: 1.2, critical: 3, clearCritical: 2.5, forMs: 5 * MIN },
    // Poll round trip: for SSH hosts a slow answer is the first sign of a struggling box or link.
    pollLatency: {
      enabled: true,
      warn: 2000,
      clearWarn: 1500,
      critical: 5000,
      clearCritical: 4000,
      forMs: 2 * MIN,
    },
  },
  staleAfterIntervals: 3,
};

/** An empty config: every host gets {@link DEFAULT_RULES}. */
export function emptyRulesConfig(): RulesConfig {
  return { defaults: {}, tags: {}, hosts: {} };
}
