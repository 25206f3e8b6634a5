import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { GreenboardError } from '../../../shared/errors';
import {
  LOAD_TEST_CAPS,
  LoadTestSpecSchema,
  meetsThreshold,
  parseThreshold,
  type LoadLatency,
  type LoadTestResult,
  type LoadTestSpec,
  type LoadTestSpecInput,
  type ThresholdMetric,
} from '../../../shared/loadTests';
import { pacer, reconnectCleanly } from './autocannonClient';

/**
 * Load tests on autocannon (https://github.com/mcollina/autocannon): it owns the HTTP; this
 * module adds caps, progress, cancellation, thresholds and, with a fixed rate, honest latency.
 *
 * Coordinated omission: autocannon's own rate limit lets each connection send its whole
 * per-second quota back to back and then idle, and its correction calls
 * `recordValueWithExpectedInterval(latency, Math.ceil(1 / rate))` with `rate` in requests/s
 * per connection, i.e. an expected interval of 1 ms whatever the rate. One 200 ms stall then
 * adds 199 synthetic samples, and a server that stalls 1 request in 100 shows p50 ≈ 30 ms
 * where the truth is ≈ 0; with the correction off (`-C`) it times from the send and shows
 * p90 ≈ 2 ms where the truth is ≈ 100 ms (see loadTest.test.ts). So with a rate we leave both
 * off and pace each connection ourselves, as wrk2 does: connection i sends its j-th request at
 * t0 + (i + j·C) / rate, and its latency runs from that scheduled time, not from the send.
 * A request queued behind a stall is charged the wait a real user would have had. Pacing, and a
 * fix to how autocannon times responses once a server closes a keep-alive connection, are in
 * autocannonClient.ts.
 *
 * Not checked here: that the target is one the user saved and confirmed (the caller's job), or
 * https certificates (autocannon never verifies them; the HTTP probe does).
 */

/** Why a spec was refused: over a cap, or not a valid spec at all. */
export class LoadTestError extends GreenboardError {
  constructor(
    readonly reason: 'over_cap' | 'invalid',
    message: string,
  ) {
    super('bad_request', message);
    this.name = 'LoadTestError';
  }
}

/** A snapshot while a run goes, about every `progressIntervalMs`. */
export interface LoadTestProgress {
  elapsedMs: number;
  totalMs: number;
  /** elapsed / total, 0–1. */
  fraction: number;
  /** Responses so far, and errors so far. */
  requests: number;
  errors: number;
  /** Responses per second over the last interval. */
  rps: number;
  /** p95 of the latencies that arrived in the last interval (up to the last 4096); null if none. */
  p95Ms: number | null;
}

export interface RunLoadTestOptions {
  onProgress?: (p: LoadTestProgress) => void;
  /** Stops the run; the partial result comes back with `cancelled: true`. */
  signal?: AbortSignal;
  /** Default 250. */
  progressIntervalMs?: number;
  /** Wall clock for `startedAt`. Default `Date.now`. */
  now?: () => number;
}

/** The parts of hdr-histogram-js (autocannon's own copy) this module uses. */
interface Histogram {
  recordValue(value: number): void;
  getValueAtPercentile(p: number): number;
  readonly maxValue: number;
  readonly mean: number;
  readonly totalCount: number;
}
interface HdrModule {
  build(req: Record<string, unknown>): Histogram;
}

type Autocannon = typeof import('autocannon');

// Loaded on first use: autocannon and its histogram library (WebAssembly) take ~0.4 s to load,
// which the engine should not pay at startup for a feature used now and then.
let loading: Promise<{ autocannon: Autocannon; hdr: HdrModule }> | undefined;
function load(): Promise<{ autocannon: Autocannon; hdr: HdrModule }> {
  return (loading ??= (async () => {
    const { default: autocannon } = await import('autocannon');
    // autocannon's own copy of hdr-histogram-js, so the histogram we hand it is the kind it expects.
    const fromAutocannon = createRequire(createRequire(import.meta.url).resolve('autocannon'));
    return { autocannon, hdr: fromAutocannon('hdr-histogram-js') as HdrModule };
  })());
}

const WINDOW = 4096;
const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;
const SAMPLE_INT_MS = 100;

function specOrThrow(input: LoadTestSpecInput): LoadTestSpec {
  const parsed = LoadTestSpecSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const overCap = parsed.error.issues.some((i) => i.code === 'too_big');
  const words = parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ');
  throw new LoadTestError(overCap ? 'over_cap' : 'invalid', `Load test refused. ${words}.`);
}

function latencyOf(h: Histogram): LoadLatency {
  if (h.totalCount === 0) return { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  // A percentile reads its bucket's upper edge (0.1% wide) while maxValue is exact: clamp, so
  // p99 never shows above max.
  const max = h.maxValue;
  const at = (p: number): number => round(Math.min(h.getValueAtPercentile(p), max) / 1000, 3);
  return {
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    max: round(max / 1000, 3),
    mean: round(h.mean / 1000, 3),
  };
}

function p95Of(ring: Float64Array, count: number): number | null {
  const n = Math.min(count, WINDOW);
  if (n === 0) return null;
  const xs = (n === WINDOW ? ring.slice() : ring.slice(0, n)).sort();
  return round(xs[Math.min(n - 1, Math.ceil(n * 0.95) - 1)] ?? 0, 2);
}

/**
 * Runs one load test with autocannon and resolves with what it measured.
 * Validates `input` first (caps included); a rate below the connection count uses one
 * connection per request/s, as autocannon does.
 * @throws LoadTestError when the spec is over a cap or invalid; nothing is sent then.
 */
export async function runLoadTest(
  input: LoadTestSpecInput,
  opts: RunLoadTestOptions = {},
): Promise<LoadTestResult> {
  const spec = specOrThrow(input);
  const now = opts.now ?? Date.now;
  const connections = spec.rate
    ? Math.max(1, Math.min(spec.connections, Math.floor(spec.rate)))
    : spec.connections;
  const totalMs = spec.durationSec * 1000;
  const { autocannon: cannon, hdr } = await load();
  // autocannon's histogram, but fed microseconds: autocannon records whole milliseconds, which
  // makes a 0.4 ms nginx read 0 ms and turns a 1 → 2 ms change into +100%.
  const latencies = hdr.build({
    bitBucketSize: 64,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: LOAD_TEST_CAPS.timeoutSec * 2e6,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
  const recordMs = latencies.recordValue.bind(latencies);
  latencies.recordValue = (ms: number) => recordMs(Math.max(0, Math.round(ms * 1000)));

  const startedAt = now();
  const t0 = performance.now();
  const pace = spec.rate
    ? pacer(spec.rate, connections, t0, spec.timeoutSec * 1000, t0 + totalMs)
    : undefined;
  let cancelled = false;
  let requests = 0;
  let errors = 0;
  const ring = new Float64Array(WINDOW);
  let windowCount = 0;

  let finish!: (v: { result: autocannon.Result; lat: LoadLatency; ms: number }) => void;
  let fail!: (e: Error) => void;
  const done = new Promise<{ result: autocannon.Result; lat: LoadLatency; ms: number }>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = cannon(
    {
      url: spec.targetUrl,
      method: spec.method,
      headers: spec.headers,
      body: spec.body,
      connections,
      duration: spec.durationSec,
      timeout: spec.timeoutSec,
      sampleInt: SAMPLE_INT_MS,
      setupClient: (client: autocannon.Client) => {
        reconnectCleanly(client);
        pace?.setup(client);
      },
      // Our histogram in µs; autocannon's own rate limit and correction stay off (see top).
      histograms: { latencies },
    } as autocannon.Options,
    (err, result) => {
      // Read here: autocannon destroys its histograms right after this callback returns.
      if (err) fail(err instanceof Error ? err : new Error(String(err)));
      else finish({ result, lat: latencyOf(latencies), ms: performance.now() - t0 });
    },
  );
  instance.on('response', (_c, _status, _bytes, ms) => {
    requests++;
    ring[windowCount++ % WINDOW] = ms;
  });
  instance.on('reqError', () => errors++);
  const abort = (): void => {
    cancelled = true;
    instance.stop();
  };
  if (opts.signal?.aborted) abort();
  opts.signal?.addEventListener('abort', abort, { once: true });

  let last = { t: t0, requests: 0 };
  const tick = setInterval(() => {
    const t = performance.now();
    const elapsedMs = Math.min(t - t0, totalMs);
    const rps = ((requests - last.requests) * 1000) / Math.max(1, t - last.t);
    const p95Ms = p95Of(ring, windowCount);
    windowCount = 0;
    last = { t, requests };
    opts.onProgress?.({ elapsedMs, totalMs, fraction: elapsedMs / totalMs, requests, errors, rps, p95Ms });
  }, opts.progressIntervalMs ?? 250);

  try {
    const { result: r, lat, ms } = await done;
    const attempts = r.requests.total + r.errors;
    const errorRatePct = attempts === 0 ? 0 : round(((r.errors + r.non2xx) / attempts) * 100, 3);
    const rps = ms > 0 ? round((r.requests.total * 1000) / ms, 1) : 0;
    const actual = (metric: ThresholdMetric): number | null => {
      if (metric === 'rps') return rps;
      if (metric === 'errors') return attempts === 0 ? null : errorRatePct;
      return r.requests.total === 0 ? null : lat[metric];
    };
    const thresholds = spec.thresholds.map((text) => {
      const parsed = parseThreshold(text);
      if (!parsed.ok) return { expr: text, ok: false, actual: null };
      const value = actual(parsed.value.metric);
      return { expr: parsed.value.expr, ok: meetsThreshold(parsed.value, value), actual: value };
    });
    return {
      startedAt,
      durationMs: Math.round(ms),
      requests: r.requests.total,
      rps,
      latency: lat,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
      bytes: r.throughput.total,
      errorRatePct,
      connections,
      latencyFrom: spec.rate ? 'schedule' : 'send',
      thresholds,
      cancelled,
    };
  } finally {
    clearInterval(tick);
    pace?.clear();
    opts.signal?.removeEventListener('abort', abort);
  }
}
