/** The host page's time ranges: which window each one covers and how to say what answered. */

export const RANGES = [
  { id: 'live', label: 'Live', ms: 0 },
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { id: '30d', label: '30 d', ms: 30 * 86_400_000 },
  { id: '90d', label: '90 d', ms: 90 * 86_400_000 },
  { id: 'custom', label: 'Custom', ms: -1 },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

/** A span of stored history, ms since epoch. */
export interface TimeWindow {
  from: number;
  to: number;
}

/**
 * The stored window a range shows: it ends at `endTs` (a saved history's last sample) or `now`.
 * Null for live, which draws the samples in memory instead, and for custom before it is set.
 */
export function rangeWindow(
  range: RangeId,
  now: number,
  endTs: number | null,
  custom: TimeWindow | null,
): TimeWindow | null {
  if (range === 'custom') return custom;
  const spec = RANGES.find((r) => r.id === range);
  if (!spec || spec.ms <= 0) return null;
  const to = endTs ?? now;
  return { from: to - spec.ms, to };
}

/** Where a custom range starts: the `hours` before the end of what there is to see. */
export function lastHours(hours: number, end: number): TimeWindow {
  return { from: end - hours * 3_600_000, to: end };
}

/** The caption under the charts: which stored tier answered and what one point stands for. */
export function describeTier(tier: string, bucketMs: number): string {
  const width =
    bucketMs >= 3_600_000
      ? `${(bucketMs / 3_600_000).toFixed(1)} h`
      : bucketMs >= 60_000
        ? `${Math.round(bucketMs / 60_000)} min`
        : `${Math.max(1, Math.round(bucketMs / 1000))} s`;
  if (tier === 'raw')
    return `Each point is a stored poll, or the mean of the polls within ${width}; the shaded band spans their min to max.`;
  return `Each point is the mean of ${width} (from ${tier} rollups); the shaded band spans its min to max.`;
}

/** A `datetime-local` input's value for a moment, in the viewer's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
