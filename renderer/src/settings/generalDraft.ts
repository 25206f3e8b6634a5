import { z } from 'zod';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../../shared/schemas';
import { checkWithSchema, inputOrIssues, scaledMessage, type FormErrors } from '../ui/formSchema';

export type Tier = keyof Settings['retentionDays'];

/** The General tab as typed: strings, so a half-typed "0." or an empty field is not coerced away. */
export type GeneralDraft = { intervalS: string } & Record<Tier, string>;

export type GeneralSettings = Pick<Settings, 'localIntervalMs' | 'retentionDays'>;

export const TIERS: { tier: Tier; label: string; hint: string }[] = [
  { tier: 'raw', label: 'Raw polls', hint: 'Time travel, and charts up to a day or so.' },
  { tier: '1m', label: '1-minute summaries', hint: 'Charts up to about two weeks.' },
  { tier: '15m', label: '15-minute summaries', hint: 'Charts up to 90 days.' },
  { tier: '1h', label: '1-hour summaries', hint: 'Charts over years.' },
];

// The interval's bounds as the schema holds them, for the hint: the form has none of its own.
const INTERVAL = SettingsSchema.shape.localIntervalMs;
export const MIN_INTERVAL_S = (INTERVAL.minValue ?? 0) / 1000;
export const MAX_INTERVAL_S = (INTERVAL.maxValue ?? 0) / 1000;

export function toGeneralDraft(s: GeneralSettings): GeneralDraft {
  return {
    intervalS: String(s.localIntervalMs / 1000),
    raw: String(s.retentionDays.raw),
    '1m': String(s.retentionDays['1m']),
    '15m': String(s.retentionDays['15m']),
    '1h': String(s.retentionDays['1h']),
  };
}

/** The settings path of a General field, as the engine names it. */
export type GeneralPath = 'localIntervalMs' | 'retentionDays' | `retentionDays.${Tier}`;

const GeneralSchema = SettingsSchema.pick({ localIntervalMs: true, retentionDays: true });

/** A number as typed, or NaN with "Enter a number for …" at its path. */
function typed(text: string, path: GeneralPath, what: string, errors: FormErrors<GeneralPath>): number {
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (trimmed !== '' && Number.isFinite(n)) return n;
  errors[path] = `Enter a number for ${what}.`;
  return NaN;
}

/** Each message reads alone, as a sentence: the General tab's errors are few and short. */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The General tab's form schema: the fields as typed in, the contract's settings out, checked
 * with its own schema (the interval's range in seconds, the tiers' order); issue paths are the
 * settings paths (`localIntervalMs`, `retentionDays.raw`).
 */
export const GeneralFormSchema = z
  .object({ intervalS: z.string(), raw: z.string(), '1m': z.string(), '15m': z.string(), '1h': z.string() })
  .transform((d, ctx): GeneralSettings => {
    const errors: FormErrors<GeneralPath> = {};
    const seconds = typed(d.intervalS, 'localIntervalMs', 'the poll interval', errors);
    const retentionDays = { ...DEFAULT_SETTINGS.retentionDays };
    for (const { tier, label } of TIERS) {
      retentionDays[tier] = typed(
        d[tier],
        `retentionDays.${tier}`,
        `how long to keep ${label.toLowerCase()}`,
        errors,
      );
    }
    const general = { localIntervalMs: Math.round(seconds * 1000), retentionDays };
    checkWithSchema(
      GeneralSchema,
      general,
      errors,
      (path) => path.map(String).join('.') as GeneralPath,
      (field, issue) =>
        sentence(field === 'localIntervalMs' ? scaledMessage(issue, 1000, 'seconds') : issue.message),
    );
    return inputOrIssues(ctx, errors, general);
  });
