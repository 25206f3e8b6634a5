import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, RETENTION_TIERS, SettingsSchema, type Settings } from '../../shared/schemas';
import { NotifySettingsSchema, RulesConfigSchema } from '../../shared/alerts';
import type { Logger } from './clock';
import { GreenboardError } from '../../shared/errors';
import { parseRulesConfig } from './rules/ruleConfig';
import { PRIVATE_FILE_MODE } from './files/privateFiles';

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
 * what a headless install can edit by hand. Every key is optional; a bad value is reported and
 * left out (the rest of the file still used), a file that cannot be read at all is reported
 * and the defaults used instead, so a typo never stops monitoring.
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
  const first = checkFile(parsed, base);
  if (first.issues.length === 0 && first.settings) return first.settings;
  const why = [...new Set(first.issues.map((i) => `${i.path || '(file)'}: ${i.message}`))].join('; ');
  // One bad value (a source, a webhook URL an older version let through) costs only itself:
  // it is dropped and the rest of the file used. Only if that still fails are the defaults used.
  const pruned = dropBadValues(parsed, first.issues);
  const second = pruned.dropped.length > 0 ? checkFile(pruned.value, base) : null;
  if (second?.settings && second.issues.every((i) => i.unknownKey)) {
    log.warn(
      `${file} has settings Greenboard cannot use (${why}); ignoring ${pruned.dropped.join(', ')} until it is fixed, and using the rest.`,
    );
    return second.settings;
  }
  log.warn(`${file} has settings Greenboard cannot use (${why}); using default settings until it is fixed.`);
  return base;
}

interface FileIssue {
  path: string;
  /** The key path as parsed, for dropping the value it names; null for rules (names hold dots). */
  at: PropertyKey[] | null;
  message: string;
  /** A key Greenboard does not know: reported, but its value is simply not read. */
  unknownKey?: boolean;
}

/**
 * The file's values merged over `base` and checked, with every problem. Any subset, down to a
 * single tier: what the file leaves out keeps its current value; the whole is then checked (the
 * tiers' order spans keys that may come from either side). Unknown keys and bad values are
 * reported together, so one edit can fix them all.
 */
function checkFile(parsed: unknown, base: Settings): { settings: Settings | null; issues: FileIssue[] } {
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
  const fromZod = (i: z.core.$ZodIssue): FileIssue => ({
    path: i.path.join('.'),
    at: i.path,
    message: i.message,
    ...(i.code === 'unrecognized_keys' ? { unknownKey: true } : {}),
  });
  // A bad value also fails FILE_VALUES, so `merged` is null only when `issues` is not empty.
  const issues: FileIssue[] = [
    ...(strict.error?.issues ?? []).map(fromZod),
    ...(merged?.error?.issues ?? []).map(fromZod),
    ...(rules && !rules.ok ? rules.error.issues.map((i) => ({ ...i, at: ['rules'] })) : []),
  ];
  return { settings: merged?.success && !(rules && !rules.ok) ? merged.data : null, issues };
}

/**
 * The file without the values the issues name: a whole top-level key, one key of `notify` or
 * `retentionDays`, or one item of the `prometheus` list. Returns what was dropped, in words.
 */
function dropBadValues(parsed: unknown, issues: FileIssue[]): { value: unknown; dropped: string[] } {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { value: parsed, dropped: [] };
  const value = structuredClone(parsed) as Record<string, unknown>;
  const dropped = new Set<string>();
  const sources = new Set<number>();
  for (const i of issues) {
    if (i.unknownKey || !i.at || i.at.length === 0) continue;
    const [top, second] = i.at;
    if (typeof top !== 'string' || !(top in value)) continue;
    const inner = value[top];
    if (top === 'prometheus' && typeof second === 'number' && Array.isArray(inner)) {
      sources.add(second);
      dropped.add(`prometheus[${second}]`);
    } else if (
      (top === 'notify' || top === 'retentionDays') &&
      typeof second === 'string' &&
      inner !== null &&
      typeof inner === 'object'
    ) {
      delete (inner as Record<string, unknown>)[second];
      dropped.add(`${top}.${second}`);
    } else {
      delete value[top];
      dropped.add(top);
    }
  }
  if (sources.size > 0 && Array.isArray(value.prometheus))
    value.prometheus = (value.prometheus as unknown[]).filter((_, n) => !sources.has(n));
  return { value, dropped: [...dropped] };
}

/** Writes the whole file atomically (a crash mid-write leaves the old file, never half a file). */
export function saveSettings(dataDir: string, settings: Settings): void {
  const file = join(dataDir, SETTINGS_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  // Owner-only: it holds the webhook URL and the /metrics token (the rename keeps the mode).
  writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  renameSync(tmp, file);
}

/** Rules from Settings, checked for sense as the file's are (naming the field), as a bad request. */
export function checkRules(rules: Settings['rules']): void {
  const checked = parseRulesConfig(rules);
  if (!checked.ok) {
    const issues = checked.error.issues.map((i) => ({ path: rulePath(rules, i.path), message: i.message }));
    throw new GreenboardError('bad_request', checked.error.message, issues);
  }
}

/**
 * A rule issue's dotted path (`rules.hosts.db-1.lan.cpu.warn`) as segments of the settings:set
 * input. A tag or host name may hold dots, so it is matched against the names `rules` holds
 * (longest first) rather than split; kinds and fields never hold one.
 */
function rulePath(rules: Settings['rules'], dotted: string): string[] {
  const [root, layer, ...rest] = dotted.split('.');
  if (root !== 'rules' || layer === undefined) return dotted.split('.');
  if (layer !== 'tags' && layer !== 'hosts') return [root, layer, ...rest];
  const names = Object.keys(rules[layer]).sort((a, b) => b.length - a.length);
  const tail = rest.join('.');
  const name = names.find((n) => tail === n || tail.startsWith(`${n}.`));
  if (name === undefined) return [root, layer, ...rest];
  const after = tail.slice(name.length + 1);
  return [root, layer, name, ...(after ? after.split('.') : [])];
}
