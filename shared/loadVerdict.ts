import {
  LOAD_NOISE_BAND_PCT,
  LOAD_NOISE_FLOOR_ERROR_PTS,
  LOAD_NOISE_FLOOR_MS,
  type ComparisonVerdict,
  type LoadComparison,
} from './loadTests';

type Metric = LoadComparison['metric'];

/** A metric's verdict and the rule that gave it, with the numbers: shown beside every verdict. */
export interface ChangeJudgement {
  /** (current − baseline) / baseline × 100, one decimal; null when the baseline is 0. */
  changePct: number | null;
  verdict: ComparisonVerdict;
  /** "+28%, but only 0.6 ms apart: changes under 1 ms are noise". */
  why: string;
}

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;
const pct = (p: number): string => `${p > 0 ? '+' : p < 0 ? '−' : '±'}${Math.abs(Math.round(p))}%`;

/**
 * The one rule for comparing a load-test metric with the baseline, as the README states it: a
 * change within ±{@link LOAD_NOISE_BAND_PCT}% is "same"; so is a latency change under
 * {@link LOAD_NOISE_FLOOR_MS} ms or an error-rate change under {@link LOAD_NOISE_FLOOR_ERROR_PTS}
 * points, whatever its percentage (0.4 → 0.5 ms is not a 25 % regression). Otherwise higher is
 * worse for latency and errors, better for requests/s.
 */
export function judgeChange(metric: Metric, baseline: number, current: number): ChangeJudgement {
  const diff = current - baseline;
  const changePct = baseline === 0 ? null : round((diff / baseline) * 100, 1);
  const worse = diff > 0 === (metric !== 'rps');
  const moved = (v: ComparisonVerdict): ComparisonVerdict => (diff === 0 ? 'same' : v);
  if (metric === 'errors') {
    const pts = round(Math.abs(diff), 2);
    if (Math.abs(diff) < LOAD_NOISE_FLOOR_ERROR_PTS)
      return {
        changePct,
        verdict: 'same',
        why: `${pts} pts apart: under ${LOAD_NOISE_FLOOR_ERROR_PTS} pts is noise`,
      };
    return {
      changePct,
      verdict: moved(worse ? 'regression' : 'better'),
      why: `${diff > 0 ? '+' : '−'}${pts} pts of errors (${LOAD_NOISE_FLOOR_ERROR_PTS} pts or more counts)`,
    };
  }
  const change = changePct === null ? 'from 0' : pct(changePct);
  if (metric !== 'rps' && Math.abs(diff) < LOAD_NOISE_FLOOR_MS) {
    const ms = round(Math.abs(diff), 2);
    return {
      changePct,
      verdict: 'same',
      why: `${change}, but only ${ms} ms apart: changes under ${LOAD_NOISE_FLOOR_MS} ms are noise`,
    };
  }
  if (changePct !== null && Math.abs(changePct) <= LOAD_NOISE_BAND_PCT)
    return { changePct, verdict: 'same', why: `${change}: within ±${LOAD_NOISE_BAND_PCT}%` };
  return {
    changePct,
    verdict: moved(worse ? 'regression' : 'better'),
    why: `${change}: beyond ±${LOAD_NOISE_BAND_PCT}%, ${worse ? 'worse' : 'better'}`,
  };
}
