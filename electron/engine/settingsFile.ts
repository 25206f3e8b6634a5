import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, RETENTION_TIERS, SettingsSchema, type Settings } from '../../shared/schemas';
import { NotifySettingsSchema, RulesConfigSchema } from '../../shared/alerts';
import type { Logger } from './clock';
import { GreenboardError } from '../../shared/errors';
import { parseRulesConfig } from './rules/ruleConfig';

export { DEFAULT_SETTINGS };

export const SETTINGS_FILE = 'greenboard.json';

const FILE_SCHEMA = z
  .object({
    localIntervalMs: SettingsSchema.shape.localIntervalMs,
    retentionDays: z.object(RETENTION_TIERS).partial().strict(),
    rules: RulesConfigSchema,
    notify: NotifySettingsSchema.partial().strict(),
    prometheus: SettingsSchema.shape.prometheus,
    metrics: SettingsSchema.shape.metrics,
  })
  .partial()
  .strict();
/** The same, ignoring unknown keys: the values to merge and check even when a key is unknown. */
const FILE_VALUES = z
  .object({
    localIntervalMs: SettingsSchema.shape.localIntervalMs,
    retentionDays: z.object(RETENTION_TIERS).partial(),
    rules: z.unknown(),
    notify: NotifySettingsSchema.partial(),
    prometheus: SettingsSchema.shape.prometheus,
    metrics: SettingsSchema.shape.metrics,
  })
  .partial();

/**
 * The config file, `greenboard.json` in the data folder: what Settings in the app writes, and
 * what a headless install can edit by hand. Every key is optional; a bad file is reported and
 * the defaults used instead, so a typo never stops monitoring.
 */
export function loadSettings(dataDir: string, log: Logger, legacy: Partial<Settings> = {}): Settings {
  const file = join(dataDir, SETTINGS_FILE);
  const base = { ...DEFAULT_SETTINGS, ...legacy };
  if (!existsSync(file)) return base;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    log.warn(
      `${file} is not valid JSON (${(err as Error).message}); using default settings until it is fixed.`,
    );
    return base;
  }
  // Any subset, down to a single tier: what the file leaves out keeps its current value; the
  // whole is then checked (the tiers' order spans keys that may come from either side). Unknown
  // keys and bad values are reported together, so one edit can fix them all.
  const strict = FILE_SCHEMA.safeParse(parsed);
  const values = FILE_VALUES.safeParse(parsed);
  const merged = values.success
    ? SettingsSchema.safeParse({
        ...base,
        ...values.data,
        retentionDays: { ...base.retentionDays, ...values.data.retentionDays },
        notify: { ...base.notify, ...values.data.notify },
        rules: values.data.rules ?? base.rules,
      })
    : null;
  // Rules are also checked for sense (warn ≤ critical, …), naming the field: rules.hosts.db-1.cpu.warn.
  const rules = merged?.success ? parseRulesConfig(merged.data.rules) : null;
  // A bad value also fails FILE_VALUES, so `merged` is null only when `issues` is not empty.
  const issues = [
    ...(strict.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message })),
    ...(merged?.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message })),
    ...(rules && !rules.ok ? rules.error.issues : []),
  ];
  if (issues.length > 0 || !merged?.success) {
    const unique = [...new Set(issues.map((i) => `${i.path || '(file)'}: ${i.message}`))];
    const why = unique.join('; ');
    log.warn(
      `${file} has settings Greenboard cannot use (${why}); using default settings until it is fixed.`,
    );
    return base;
  }
  return merged.data;
}

/** Writes the whole file atomically (a crash mid-write leaves the old file, never half a file). */
export function saveSettings(dataDir: string, settings: Settings): void {
  const file = join(dataDir, SETTINGS_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Rules from Settings, checked for sense as the file's are (naming the field), as a bad request. */
export function checkRules(rules: Settings['rules']): void {
  const checked = parseRulesConfig(rules);
  if (!checked.ok) throw new GreenboardError('bad_request', checked.error.message);
}
