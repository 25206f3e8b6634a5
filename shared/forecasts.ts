import { z } from 'zod';
import { safeString } from './safeText';

/** What a forecast is of: a mount's disk space, a mount's inodes, or the host's memory. */
export const ForecastKindSchema = z.enum(['disk', 'inodes', 'memory']);
export type ForecastKind = z.infer<typeof ForecastKindSchema>;

/**
 * How the fit reads: `filling` towards its limit, `not_filling` (flat or falling), `full`
 * already, or `needs_history` (less than a day since the series began or last changed shape).
 */
export const ForecastStatusSchema = z.enum(['filling', 'not_filling', 'full', 'needs_history']);
export type ForecastStatus = z.infer<typeof ForecastStatusSchema>;

/** One forecast of one host: the fit, when it reaches its limit, and the sentence it makes. */
export const ForecastSchema = z.object({
  /** `disk:/var`, `inodes:/var` or `memory`: the same ids as the host's signals. */
  id: z.string(),
  kind: ForecastKindSchema,
  mount: z.string().nullable(),
  status: ForecastStatusSchema,
  /** The health this forecast gives by the default rules (under 7 days amber, under 1 day red). */
  state: z.enum(['green', 'amber', 'red']),
  /** The unit of `level`, `limit` and the slopes: bytes for disk and memory, percent for inodes. */
  unit: z.enum(['bytes', 'pct']),
  /** The fitted value now, and the limit it runs into (the disk's size, 100 %, total memory). */
  level: z.number().nullable(),
  limit: z.number().nullable(),
  /** Growth per day, with Sen's 90 % range; null without enough history. */
  slopePerDay: z.number().nullable(),
  slopeLowPerDay: z.number().nullable(),
  slopeHighPerDay: z.number().nullable(),
  /** When the fit reaches the limit, and the range of that (etaHighTs null: maybe never). */
  etaTs: z.number().nullable(),
  etaLowTs: z.number().nullable(),
  etaHighTs: z.number().nullable(),
  confidence: z.enum(['high', 'medium', 'low']).nullable(),
  /** Where the fitted segment starts (the series began, the disk was resized, usage dropped). */
  fromTs: z.number().nullable(),
  /** Fitted points (buckets). */
  points: z.number().int(),
  /** The forecast in words: "/var full in about 11 days (9–14)". */
  text: z.string(),
  /**
   * The line to draw on the chart of this kind (disk and inodes in percent, memory in bytes):
   * from now at the fitted level to the limit at the ETA; null when not filling.
   */
  line: z
    .object({ fromTs: z.number(), fromValue: z.number(), toTs: z.number(), toValue: z.number() })
    .nullable(),
});
export type Forecast = z.infer<typeof ForecastSchema>;

export const HostForecastsSchema = z.object({
  hostId: z.string(),
  /** The moment the forecasts are as of (now, or a reviewed history's end). */
  at: z.number(),
  forecasts: z.array(ForecastSchema),
});
export type HostForecasts = z.infer<typeof HostForecastsSchema>;

export const forecastMethods = {
  /** A host's forecasts (disk per mount, inodes per mount, memory), fitted from stored rollups. */
  'forecasts:host': {
    input: z.object({ hostId: safeString().min(1).max(300) }).strict(),
    output: HostForecastsSchema,
  },
} as const;
