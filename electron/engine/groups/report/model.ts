import type { Forecast } from '../../../../shared/forecasts';
import type { ScaleIn } from '../groupStats';
import type { MeasureName } from './reportData';

/** One measure over the range: the mean, the 95th percentile of the bucket means, the peak (bucket max). */
export interface RangeStats {
  mean: number;
  p95: number;
  peak: number;
  peakTs: number;
  /** Buckets that held a value. */
  buckets: number;
}

export interface MeasureInfo {
  name: MeasureName;
  label: string;
  /** How a value reads: "41 %", "0.62". */
  format: (v: number) => string;
  /** The value that is 70 % and 100 % of capacity (70 and 100 for percent, 0.7 and 1 per core). */
  full: number;
}

export interface MemberRow {
  hostId: string;
  name: string;
  stats: Record<MeasureName, RangeStats | null>;
}

/** A measure's growth: Theil–Sen slope of the group's mean per day, with Sen's 90 % range. */
export interface Growth {
  perDay: number;
  low: number;
  high: number;
  points: number;
  words: string;
}

/** How far a figure stays under 70 % and 100 % of capacity (negative: over). */
export interface Headroom {
  measure: MeasureName;
  figure: 'group p95' | 'group peak' | 'busiest member peak';
  value: number;
  /** The member it is of (the busiest member's peak). */
  of: string | null;
  under70: number;
  under100: number;
}

export interface ChartLine {
  label: string;
  /** [ts, value] pairs, oldest first; NaN values are gaps. */
  points: [number, number][];
  /** The group's line: drawn heavier. */
  group: boolean;
}

export interface Chart {
  measure: MeasureName;
  title: string;
  /** Upper end of the y axis (100 for percent; the data's max, at least 1, per core). */
  yMax: number;
  format: (v: number) => string;
  thresholds: { value: number; label: string }[];
  lines: ChartLine[];
}

export interface ForecastRow {
  hostId: string;
  name: string;
  forecast: Forecast;
}

export interface CapacityModel {
  tag: string;
  fromTs: number;
  toTs: number;
  generatedAt: number;
  /** "15-minute buckets from the 15m rollups: peaks are each bucket's max, p95 over the bucket means". */
  resolution: string;
  bucketMs: number;
  tier: string;
  /** False when no member has any stored value in the range: the report says so and little else. */
  hasData: boolean;
  members: MemberRow[];
  /** The group's mean across members per bucket, as range stats (its peak from the members' bucket maxima). */
  group: Record<MeasureName, RangeStats | null>;
  /** Per measure: the member with the highest peak. */
  busiest: Record<MeasureName, { name: string; peak: number; peakTs: number } | null>;
  growth: Record<MeasureName, Growth | null>;
  headroom: Headroom[];
  /**
   * Hosts needed for the group's CPU peak at 70 % each: from the members' CPU summed per bucket
   * (bucket means: sustained load), and the upper bound from their bucket maxima summed.
   */
  scaleIn: { sustained: ScaleIn; upper: ScaleIn } | null;
  /** Forecasts worth reading (filling or full), worst first. */
  forecasts: ForecastRow[];
  /** Forecasts not filling, counted rather than listed. */
  quietForecasts: number;
  /** Forecasts that need more history (a new mount, a resize), counted rather than listed. */
  youngForecasts: number;
  /** Each member's share of the group's CPU over the range against an even share. */
  balance: { rows: { name: string; share: number; ratio: number | null }[]; words: string | null } | null;
  charts: Chart[];
  summary: string;
}
