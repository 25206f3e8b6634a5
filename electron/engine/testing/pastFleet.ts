import { makeSample } from '../../../shared/sampleFixture';
import { ProbeDefSchema, type ProbeResult } from '../../../shared/probes';
import { ProbeStore } from '../probes/probeStore';
import { AlertLog } from '../store/alertLog';
import { LinkLog } from '../store/linkLog';
import { Store } from '../store/store';

const MIN = 60_000;

/**
 * A saved history with known changes at known times, the shape of issue 15's session: web-1
 * polled every 5 s from T0 (13:24:07, not on a rollup boundary) and Warning from T0 + 4 min by
 * its host row alone (an audit finding); cache-1 added at T0 and unreachable from T0 + 23 s,
 * never polled; web-3 added at T0 + 11 min; a probe that answers until T0 + 5 min and fails
 * after; an incident open from T0 + 6 min to T0 + 8 min. Everything ends at T0 + 15 min.
 */
export function pastTimes(t0: number) {
  return {
    t0,
    webWarnAt: t0 + 4 * MIN,
    cacheDownAt: t0 + 23_000,
    web3AddedAt: t0 + 11 * MIN,
    probeFailsAt: t0 + 5 * MIN,
    incidentFrom: t0 + 6 * MIN,
    incidentTo: t0 + 8 * MIN,
    end: t0 + 15 * MIN,
    webWarnReason: 'security: 1 high finding (password logins are allowed)',
    cacheMessage: 'cache-1 cannot be reached at 10.0.0.9:22 (connection timed out).',
  };
}
export type PastTimes = ReturnType<typeof pastTimes>;

/** The history at a fixed date, for a saved history under review. */
export const PAST = pastTimes(Date.UTC(2026, 11, 7, 13, 24, 7));

/** Writes the history described by `p` (by default {@link PAST}) to `file`. */
export function writePastFleet(file: string, p: PastTimes = PAST): void {
  const store = new Store(file);
  const log = new AlertLog(store.db);
  const links = new LinkLog(store.db);
  const ssh = (host: string) => ({ user: 'ops', host, port: 22 });
  const t0 = p.t0;
  store.upsertHost(
    { id: 'web-1', name: 'web-1', kind: 'ssh', intervalMs: 5000, tags: [], ssh: ssh('10.0.0.1') },
    t0,
  );
  store.upsertHost(
    { id: 'cache-1', name: 'cache-1', kind: 'ssh', intervalMs: 5000, tags: [], ssh: ssh('10.0.0.9') },
    t0,
  );
  store.upsertHost(
    { id: 'web-3', name: 'web-3', kind: 'ssh', intervalMs: 5000, tags: [], ssh: ssh('10.0.0.3') },
    p.web3AddedAt,
  );
  for (let t = t0; t <= p.end; t += 5000) {
    store.writeSample(makeSample('web-1', t));
    if (t >= p.web3AddedAt && t + 2000 <= p.end) store.writeSample(makeSample('web-3', t + 2000));
  }
  links.record({ hostId: 'cache-1', at: t0, state: 'connecting', message: 'Connecting…' });
  links.record({ hostId: 'cache-1', at: p.cacheDownAt, state: 'unreachable', message: p.cacheMessage });
  const hostRow = (hostId: string, to: 'warn' | 'critical', at: number, reason: string) =>
    log.insert({
      hostId,
      signal: 'host',
      kind: 'host',
      from: 'ok',
      to,
      at,
      value: null,
      threshold: null,
      reason,
      notice: null,
    });
  hostRow('cache-1', 'critical', p.cacheDownAt, p.cacheMessage);
  hostRow('web-1', 'warn', p.webWarnAt, p.webWarnReason);

  const probes = new ProbeStore(store.db);
  const def = ProbeDefSchema.parse({
    id: 'api',
    name: 'api',
    url: 'http://10.0.0.1/health',
    intervalMs: 30_000,
  });
  probes.saveDef(def, t0);
  for (let t = t0 + 1000; t <= p.end; t += 30_000) probes.insertResult(probeRun(t, t < p.probeFailsAt));

  store.db
    .prepare(
      'INSERT INTO incidents (id, seq, declared_at, resolved_at, host_ids, doc) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(
      'INC-1',
      1,
      p.incidentFrom,
      p.incidentTo,
      '["web-1"]',
      JSON.stringify({ id: 'INC-1', title: 'web-1 slow' }),
    );
  store.close();
}

function probeRun(ts: number, ok: boolean): ProbeResult {
  return {
    probeId: 'api',
    ts,
    fromHostId: null,
    ok,
    status: ok ? 200 : null,
    error: ok ? null : 'connection refused by 10.0.0.1:80',
    errorKind: ok ? null : 'refused',
    failures: [],
    timings: {
      dnsMs: 0,
      connectMs: 1,
      tlsMs: null,
      ttfbMs: ok ? 20 : null,
      downloadMs: ok ? 1 : null,
      totalMs: ok ? 22 : 1,
    },
    remoteAddress: ok ? '10.0.0.1' : null,
    bytes: ok ? 2 : 0,
    decodedBytes: ok ? 2 : 0,
    truncated: false,
    contentType: null,
    contentEncoding: null,
    cacheControl: null,
    expires: null,
    hasEtag: false,
    hasLastModified: false,
    cert: null,
  };
}
