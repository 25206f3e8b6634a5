import type { ForecastKind } from '../../../shared/forecasts';
import { formatBytes } from '../../../shared/format';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What a forecast is about, as a sentence begins: "/var", "/var inodes", "memory". */
export function subjectOf(kind: ForecastKind, mount: string | null): string {
  if (kind === 'memory') return 'memory';
  return kind === 'inodes' ? `${mount} inodes` : (mount ?? 'disk');
}

/**
 * A time to the limit with its range: "about 11 days (9–14)", "about 7 h (5–9 h)". The range
 * is rounded outwards, so it holds what the fit's range holds; no upper end reads "or never".
 */
export function etaWords(etaMs: number, lowMs: number, highMs: number | null): string {
  const hours = etaMs < 2 * DAY;
  const unit = hours ? HOUR : DAY;
  const central = Math.max(hours ? 1 : 1, Math.round(etaMs / unit));
  const lo = Math.min(central, Math.floor(lowMs / unit));
  const hi = highMs === null ? null : Math.max(central, Math.ceil(highMs / unit));
  const name = hours ? ' h' : central === 1 && hi === 1 ? ' day' : ' days';
  const range = hi === null ? `${lo} or more, maybe never` : `${lo}–${hi}${hours ? ' h' : ''}`;
  return `about ${central}${name} (${range})`;
}

/** A daily growth in the forecast's unit: "120 MiB", "0.4 %". */
export function growthWords(perDay: number, unit: 'bytes' | 'pct'): string {
  if (unit === 'pct') return `${Math.abs(perDay) >= 10 ? perDay.toFixed(0) : perDay.toFixed(1)} %`;
  return formatBytes(perDay);
}

/** Under this, a memory slope is noise, not growth: 1 % of the total a day. */
export const MEMORY_GROWTH_FRACTION = 0.01;

/** @param fast memory only: growth worth calling a leak (1 % of the total a day or more) */
export function fillingText(
  kind: ForecastKind,
  mount: string | null,
  eta: string,
  growth: string,
  fast = true,
): string {
  if (kind === 'memory')
    return `used memory grows ${growth} a day${fast ? ': a leak?' : ''} (full in ${eta})`;
  if (kind === 'inodes') return `${subjectOf(kind, mount)} run out in ${eta}`;
  return `${subjectOf(kind, mount)} full in ${eta}`;
}

export function notFillingText(kind: ForecastKind, mount: string | null, growth: string | null): string {
  if (kind === 'memory') return growth ? `used memory steady (${growth} a day)` : 'used memory steady';
  const what = subjectOf(kind, mount);
  return growth ? `${what} not filling soon (grows ${growth} a day)` : `${what} not filling`;
}

export function fullText(kind: ForecastKind, mount: string | null): string {
  if (kind === 'memory') return 'memory is full';
  return kind === 'inodes' ? `${subjectOf(kind, mount)} are used up` : `${subjectOf(kind, mount)} is full`;
}

const SINCE: Record<'start' | 'resized' | 'dropped', string> = {
  start: '',
  resized: ' since it was resized',
  dropped: ' since usage dropped',
};

/** "/var: needs a day of history since it was resized; 5 h so far". */
export function needsHistoryText(
  kind: ForecastKind,
  mount: string | null,
  cause: 'start' | 'resized' | 'dropped',
  haveMs: number,
): string {
  const have =
    haveMs < HOUR ? `${Math.max(0, Math.round(haveMs / 60_000))} min` : `${Math.round(haveMs / HOUR)} h`;
  return `${subjectOf(kind, mount)}: needs a day of history${SINCE[cause]}; ${have} so far`;
}
