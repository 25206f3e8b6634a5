import { z } from 'zod';
import { RequestHeadersSchema } from './probes';
import { httpUrl, safeString } from './safeText';

/**
 * Load tests: what a run asks for (with the caps that keep it from flooding a target), its
 * pass / fail thresholds, what a run measured, and how a run compares with the baseline run.
 * The engine side lives in electron/engine/checks/loadTest.ts and loadBaseline.ts.
 */

/** Hard limits on one run, so a typo cannot turn a load test into an outage. */
export const LOAD_TEST_CAPS = {
  connections: 200,
  durationSec: 300,
  /** Requests per second with a fixed rate. */
  rate: 50_000,
  timeoutSec: 60,
  bodyBytes: 1024 * 1024,
} as const;

// The probe methods less HEAD: the load generator's parser waits for a body a HEAD response never sends.
export const LOAD_TEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Latency metrics are in ms, `errors` in % of attempts, `rps` in requests per second. */
export const THRESHOLD_METRICS = ['p50', 'p90', 'p95', 'p99', 'max', 'mean', 'errors', 'rps'] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];
export const THRESHOLD_OPS = ['<', '<=', '>', '>='] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

/** A parsed threshold; `value` is in the metric's unit (ms, %, req/s). */
export interface Threshold {
  expr: string;
  metric: ThresholdMetric;
  op: ThresholdOp;
  value: number;
}

// A bare number is ms for latencies, as in k6.
const LATENCY_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000 };

/**
 * Parses a k6-style threshold: `p95<500ms`, `p99 <= 1s`, `errors<1%`, `rps>100`.
 * Returns the threshold, or an error message that names the bad token.
 */
export function parseThreshold(text: string): { ok: true; value: Threshold } | { ok: false; error: string } {
  const expr = text.trim();
  const fail = (why: string): { ok: false; error: string } => ({ ok: false, error: `${why} in "${expr}"` });
  const m = /^([A-Za-z_][\w]*)\s*([<>=!]*)\s*(.*)$/.exec(expr);
  if (!m) return fail('a threshold starts with a metric name such as p95');
  const [, name = '', op = '', rest = ''] = m;
  const metric = THRESHOLD_METRICS.find((t) => t === name.toLowerCase());
  if (!metric) return fail(`unknown metric "${name}": use one of ${THRESHOLD_METRICS.join(', ')}`);
  if (!(THRESHOLD_OPS as readonly string[]).includes(op)) {
    return fail(`${op ? `operator "${op}"` : 'no operator'} after ${metric}: use <, <=, > or >=`);
  }
  const v = /^(\d+(?:\.\d+)?|\.\d+)\s*(\S*)$/.exec(rest.trim());
  if (!v) return fail(`"${rest.trim() || '(nothing)'}" is not a number with a unit, e.g. 500ms`);
  const [, num = '', unit = ''] = v;
  const n = Number(num);
  const u = unit.toLowerCase();
  const bad = unit ? `unit "${unit}"` : `"${num}" with no unit`;
  let value: number;
  if (metric === 'errors') {
    if (u !== '%') return fail(`${bad} does not fit errors: write a percentage such as 1%`);
    value = n;
  } else if (metric === 'rps') {
    if (u !== '' && u !== '/s') return fail(`${bad} does not fit rps: write a number such as 100`);
    value = n;
  } else {
    const scale = LATENCY_UNITS[u];
    if (scale === undefined) return fail(`${bad} does not fit ${metric}: use ms or s`);
    value = n * scale;
  }
  return { ok: true, value: { expr: `${metric}${op}${num}${unit}`, metric, op: op as ThresholdOp, value } };
}

/** Whether `actual` meets the threshold; null (no data) never does. */
export function meetsThreshold(t: Threshold, actual: number | null): boolean {
  if (actual === null || !Number.isFinite(actual)) return false;
  switch (t.op) {
    case '<':
      return actual < t.value;
    case '<=':
      return actual <= t.value;
    case '>':
      return actual > t.value;
    case '>=':
      return actual >= t.value;
  }
}

export const ThresholdTextSchema = z
  .string()
  .max(200)
  .superRefine((s, ctx) => {
    const r = parseThreshold(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  });

const over = (what: string, cap: number, unit: string): string =>
  `${what} is capped at ${cap}${unit} so a load test cannot flood its target`;

/** What one load test run asks for. Parse user input with this to fill the defaults and check the caps. */
export const LoadTestSpecSchema = z.object({
  targetUrl: httpUrl(),
  method: z.enum(LOAD_TEST_METHODS).default('GET'),
  headers: RequestHeadersSchema.default({}),
  body: z.string().max(LOAD_TEST_CAPS.bodyBytes, 'the body is capped at 1 MiB').optional(),
  connections: z
    .number()
    .int()
    .min(1)
    .max(LOAD_TEST_CAPS.connections, over('connections', LOAD_TEST_CAPS.connections, ''))
    .default(10),
  durationSec: z
    .number()
    .min(1)
    .max(LOAD_TEST_CAPS.durationSec, over('duration', LOAD_TEST_CAPS.durationSec, ' s'))
    .default(10),
  /**
   * Requests per second across all connections, sent on a fixed schedule. With a rate, latency
   * is measured from each request's scheduled send time (corrected for coordinated omission);
   * without one, connections send back to back and latency is service time.
   */
  rate: z
    .number()
    .positive()
    .max(LOAD_TEST_CAPS.rate, over('rate', LOAD_TEST_CAPS.rate, ' requests/s'))
    .optional(),
  timeoutSec: z.number().min(1).max(LOAD_TEST_CAPS.timeoutSec).default(10),
  /** k6-style pass / fail conditions, e.g. `p95<500ms`, `errors<1%`. */
  thresholds: z.array(ThresholdTextSchema).max(50).default([]),
});
/** A load test spec with every default filled in. */
export type LoadTestSpec = z.infer<typeof LoadTestSpecSchema>;
/** A load test spec as a user writes it: defaults optional. */
export type LoadTestSpecInput = z.input<typeof LoadTestSpecSchema>;

/** Milliseconds; percentiles from the run's whole latency histogram. */
export const LoadLatencySchema = z.object({
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
});
export type LoadLatency = z.infer<typeof LoadLatencySchema>;

export const ThresholdResultSchema = z.object({
  expr: z.string(),
  ok: z.boolean(),
  /** The measured value in the metric's unit (ms, %, req/s); null when the run had no data for it. */
  actual: z.number().nullable(),
});
export type ThresholdResult = z.infer<typeof ThresholdResultSchema>;

/** What one run measured. */
export const LoadTestResultSchema = z.object({
  startedAt: z.number(),
  durationMs: z.number(),
  /** Completed responses, whatever their status. */
  requests: z.number().int().min(0),
  rps: z.number(),
  latency: LoadLatencySchema,
  /** Requests that got no response: connection errors and timeouts. */
  errors: z.number().int().min(0),
  timeouts: z.number().int().min(0),
  /** Responses with a status outside 200–299. */
  non2xx: z.number().int().min(0),
  /** Response bytes received, headers included. */
  bytes: z.number().int().min(0),
  /** (errors + non2xx) as a % of attempts (requests + errors): what `errors<1%` judges. */
  errorRatePct: z.number(),
  /** Connections used (a fixed rate below the connection count uses one connection per request/s). */
  connections: z.number().int(),
  /** `schedule`: from each request's intended send time (fixed rate); `send`: from the actual send. */
  latencyFrom: z.enum(['send', 'schedule']),
  thresholds: z.array(ThresholdResultSchema),
  /** Stopped early by the user; the numbers cover the time it ran. */
  cancelled: z.boolean(),
});
export type LoadTestResult = z.infer<typeof LoadTestResultSchema>;

/**
 * Changes inside this band (± %) are noise, not a verdict: back-to-back runs of the same test
 * against the same server routinely differ by several percent.
 */
export const LOAD_NOISE_BAND_PCT = 10;
/** Latency changes smaller than this (ms) are "same" whatever their %: 0.4 → 0.5 ms is not +25%. */
export const LOAD_NOISE_FLOOR_MS = 1;
/** Error-rate changes smaller than this (percentage points) are "same". */
export const LOAD_NOISE_FLOOR_ERROR_PTS = 0.1;

export const ComparisonVerdictSchema = z.enum(['better', 'same', 'regression']);
export type ComparisonVerdict = z.infer<typeof ComparisonVerdictSchema>;

/** One metric of a run against the same metric of the baseline run. */
export const LoadComparisonSchema = z.object({
  metric: z.enum(['p50', 'p95', 'p99', 'rps', 'errors']),
  baseline: z.number(),
  current: z.number(),
  /** (current − baseline) / baseline × 100; null when the baseline is 0. */
  changePct: z.number().nullable(),
  verdict: ComparisonVerdictSchema,
  /** In words: "p95 +23% vs baseline: regression". */
  summary: z.string(),
});
export type LoadComparison = z.infer<typeof LoadComparisonSchema>;

/** A whole run against the baseline: the worst metric's verdict, and every metric's. */
export const LoadBaselineReportSchema = z.object({
  baselineStartedAt: z.number(),
  verdict: ComparisonVerdictSchema,
  /** The regressions (or, with none, the improvements) in words; "same as baseline" otherwise. */
  summary: z.string(),
  comparisons: z.array(LoadComparisonSchema),
});
export type LoadBaselineReport = z.infer<typeof LoadBaselineReportSchema>;

/**
 * A load-test target saved in the app: load tests run only against these, so nothing is
 * loaded by accident. `hostId` names the fleet host serving it, whose CPU and memory are
 * recorded during each run.
 */
export const LoadTargetSchema = z.object({
  id: safeString().min(1).max(64),
  name: safeString().min(1).max(120),
  spec: LoadTestSpecSchema,
  hostId: safeString().min(1).max(300).nullable().default(null),
  createdAt: z.number(),
});
export type LoadTarget = z.infer<typeof LoadTargetSchema>;

/** A target as the user saves it; without an id it is new (the id is made from the name). */
export const LoadTargetInputSchema = z
  .object({
    id: safeString().min(1).max(64).optional(),
    name: safeString().min(1, 'give the target a name').max(120),
    spec: LoadTestSpecSchema,
    hostId: safeString().min(1).max(300).nullable().default(null),
  })
  .strict();
export type LoadTargetInput = z.input<typeof LoadTargetInputSchema>;

/** The fleet host's CPU and memory at one moment of a run. */
export const HostUsagePointSchema = z.object({
  ts: z.number(),
  cpuPct: z.number().nullable(),
  memPct: z.number().nullable(),
});
export type HostUsagePoint = z.infer<typeof HostUsagePointSchema>;

/** The run's own numbers at one moment (from the progress snapshots), for charting beside the host's. */
export const LoadTimelinePointSchema = z.object({
  ts: z.number(),
  rps: z.number(),
  p95Ms: z.number().nullable(),
  errors: z.number().int(),
});
export type LoadTimelinePoint = z.infer<typeof LoadTimelinePointSchema>;

export const LoadRunStatusSchema = z.enum(['running', 'done', 'cancelled', 'failed']);

/** One kept run of a target, with its comparison against the target's baseline run. */
export const LoadRunSchema = z.object({
  id: z.number().int(),
  targetId: z.string(),
  targetName: z.string(),
  spec: LoadTestSpecSchema,
  status: LoadRunStatusSchema,
  startedAt: z.number(),
  /** Null while running, or when the run failed to start (see `error`). */
  result: LoadTestResultSchema.nullable(),
  error: z.string().nullable(),
  /** This run is the target's baseline. */
  baseline: z.boolean(),
  /** Against the target's baseline; null for the baseline itself, with no baseline, or no result. */
  comparison: LoadBaselineReportSchema.nullable(),
  hostId: z.string().nullable(),
  hostUsage: z.array(HostUsagePointSchema),
  timeline: z.array(LoadTimelinePointSchema),
});
export type LoadRun = z.infer<typeof LoadRunSchema>;

/** Pushed about every 250 ms while a run goes. */
export const LoadProgressSchema = z.object({
  runId: z.number().int(),
  targetId: z.string(),
  elapsedMs: z.number(),
  totalMs: z.number(),
  /** 0–1. */
  fraction: z.number(),
  requests: z.number().int(),
  errors: z.number().int(),
  rps: z.number(),
  p95Ms: z.number().nullable(),
  /** The target host's latest CPU / memory, when it has one. */
  host: HostUsagePointSchema.nullable(),
});
export type LoadProgress = z.infer<typeof LoadProgressSchema>;
