import type { ProbeResult, ProbeStatus } from '../../../shared/probes';
import { ProbeDefSchema } from '../../../shared/probes';
import type { HealthState } from '../../../shared/schemas';

/** A probe run for unit tests: a fast 200 from this machine unless `over` says otherwise. */
export function testRun(over: Partial<ProbeResult> = {}): ProbeResult {
  return {
    probeId: 'api',
    ts: 1_000_000,
    fromHostId: null,
    ok: true,
    status: 200,
    error: null,
    errorKind: null,
    failures: [],
    timings: { dnsMs: 1, connectMs: 2, tlsMs: null, ttfbMs: 10, downloadMs: 3, totalMs: 16 },
    remoteAddress: '127.0.0.1',
    bytes: 15,
    decodedBytes: 15,
    truncated: false,
    contentType: 'application/json',
    contentEncoding: null,
    cacheControl: null,
    expires: null,
    hasEtag: false,
    hasLastModified: false,
    cert: null,
    ...over,
  };
}

/** A probe's status for unit tests. */
export function testStatus(
  id: string,
  state: HealthState = 'green',
  over: Partial<ProbeStatus> = {},
): ProbeStatus {
  return {
    def: ProbeDefSchema.parse({ id, name: id, url: `http://127.0.0.1/${id}` }),
    health: { state, reasons: [], latencyMs: null, samples: 0, certDaysLeft: null, since: 0 },
    last: null,
    lastRemote: null,
    advice: [],
    recentMs: [],
    ...over,
  };
}
