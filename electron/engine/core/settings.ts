import type { Settings } from '../../../shared/schemas';
import { checkRules, saveSettings } from '../settingsFile';

/** Told which settings changed, after they are saved and applied. */
export type SettingsListener = (patch: Partial<Settings>) => void;

/**
 * The settings writer: checks a patch, saves it to greenboard.json and applies it to the one
 * live settings object every part reads, then tells the parts that registered for changes
 * (polling interval, Prometheus sources, rules and notifications).
 */
export class SettingsService {
  private readonly listeners: SettingsListener[] = [];

  constructor(
    readonly current: Settings,
    private readonly dataDir: string,
  ) {}

  onChange(listener: SettingsListener): void {
    this.listeners.push(listener);
  }

  /** Applies and saves settings (to greenboard.json in the data folder). */
  update(patch: Partial<Settings>): Settings {
    if (patch.rules) checkRules(patch.rules);
    const next = { ...this.current, ...patch };
    saveSettings(this.dataDir, next);
    Object.assign(this.current, next);
    for (const listener of this.listeners) listener(patch);
    return { ...this.current };
  }
}
