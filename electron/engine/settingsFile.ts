import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../shared/schemas';
import type { Logger } from './clock';

export { DEFAULT_SETTINGS };

export const SETTINGS_FILE = 'greenboard.json';

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
  const r = SettingsSchema.partial().strict().safeParse(parsed);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    log.warn(
      `${file} has settings Greenboard cannot use (${why}); using default settings until it is fixed.`,
    );
    return base;
  }
  return { ...base, ...r.data };
}

/** Writes the whole file atomically (a crash mid-write leaves the old file, never half a file). */
export function saveSettings(dataDir: string, settings: Settings): void {
  const file = join(dataDir, SETTINGS_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(tmp, file);
}
