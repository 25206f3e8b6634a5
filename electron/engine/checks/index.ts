/**
 * HTTP(S) probes: run one request with a timing breakdown, audit the response for front-end
 * advice, and judge a window of results against the probe's SLO and certificate limits.
 * Self-contained: nothing here schedules, stores or serves; the engine wires that in.
 *
 * ```ts
 * const def = ProbeDefSchema.parse({ id: 'api', name: 'API', url: 'https://api.example.com/health' });
 * const { result, body } = await runProbe(def);
 * const advice = auditResponse(result, body, { url: def.url });
 * const health = evaluateProbeHealth(def, recentResults, Date.now());
 * ```
 */
export { runProbe, DEFAULT_MAX_BODY_BYTES, type ProbeRun, type RunProbeOptions } from './httpProbe';
export { auditResponse, formatSize, type AuditOptions, type AuditedResponse } from './frontendAudit';
export { evaluateProbeHealth, percentile, SLO_NEAR_FRACTION, STALE_INTERVALS } from './probeHealth';
export { checkExpectations, describeExpectedStatus, statusMatches } from './expectations';
export { runLoadTest, LoadTestError, type LoadTestProgress, type RunLoadTestOptions } from './loadTest';
export { compareWithBaseline } from './loadBaseline';
