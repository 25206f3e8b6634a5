import { DEFAULT_SETTINGS, type Settings } from '../../../shared/schemas';

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

export const MIN_INTERVAL_S = 0.25;
export const MAX_INTERVAL_S = 3600;

export function toGeneralDraft(s: GeneralSettings): GeneralDraft {
  return {
    intervalS: String(s.localIntervalMs / 1000),
    raw: String(s.retentionDays.raw),
    '1m': String(s.retentionDays['1m']),
    '15m': String(s.retentionDays['15m']),
    '1h': String(s.retentionDays['1h']),
  };
}

function parseNumber(text: string, what: string): number | { error: string } {
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(n)) return { error: `Enter a number for ${what}.` };
  return n;
}

/**
 * Catches what the engine would reject in unhelpful terms (empty fields, and the interval, which
 * it checks in milliseconds); range and order of the retention tiers are left to the engine.
 */
export function fromGeneralDraft(d: GeneralDraft): GeneralSettings | { error: string } {
  const seconds = parseNumber(d.intervalS, 'the poll interval');
  if (typeof seconds !== 'number') return seconds;
  if (seconds < MIN_INTERVAL_S || seconds > MAX_INTERVAL_S)
    return { error: `Poll this machine every ${MIN_INTERVAL_S} to ${MAX_INTERVAL_S} seconds.` };
  const retention = { ...DEFAULT_SETTINGS.retentionDays };
  for (const { tier, label } of TIERS) {
    const days = parseNumber(d[tier], `how long to keep ${label.toLowerCase()}`);
    if (typeof days !== 'number') return days;
    retention[tier] = days;
  }
  return { localIntervalMs: Math.round(seconds * 1000), retentionDays: retention };
}
