import { describe, expect, it } from 'vitest';
import { ProbeDefSchema, type ProbeResult, type ProbeStatus } from '../../../shared/probes';
import { probeIdFor } from './probeIds';
import { ProbeState, sortStatuses } from './probeState';

const T0 = Date.UTC(2026, 10, 28, 12);
const def = ProbeDefSchema.parse({
  id: 'api',
  name: 'API',
  url: 'https://api.example.com/health',
  fromHostId: 'web-1',
});

function result(ts: number, over: Partial<ProbeResult> = {}): ProbeResult {
  return {
    probeId: 'api',
    ts,
    fromHostId: null,
    ok: true,
    status: 200,
    error: null,
    errorKind: null,
    failures: [],
    timings: { dnsMs: 1, connectMs: 1, tlsMs: 1, ttfbMs: 10, downloadMs: 1, totalMs: 14 },
    remoteAddress: '127.0.0.1',
    bytes: 10,
    decodedBytes: 10,
    truncated: false,
    contentType: 'text/plain',
    contentEncoding: null,
    cacheControl: null,
    expires: null,
    hasEtag: false,
    hasLastModified: false,
    cert: null,
    ...over,
  };
}

const down = (ts: number, over: Partial<ProbeResult> = {}) =>
  result(ts, { ok: false, status: null, error: 'connection refused', errorKind: 'refused', ...over });

const state = (local: ProbeResult[], lastRemote: ProbeResult | null) =>
  new ProbeState(def, { window: local, recent: local, lastRemote }, T0, (id) => `${id}.example`);

describe('ProbeState', () => {
  it('says the fault is this machine when the fleet host gets an answer', () => {
    const s = state([down(T0 - 1000)], result(T0 - 900, { fromHostId: 'web-1' }));
    expect(s.health.state).toBe('red');
    expect(s.health.reasons).toEqual([
      'connection refused',
      "fails from this machine but answers from web-1.example: check this machine's network",
    ]);
  });

  it('says the site is down when both fail', () => {
    const s = state([down(T0 - 1000)], down(T0 - 900, { fromHostId: 'web-1' }));
    expect(s.health.reasons).toContain('fails from this machine and from web-1.example: the site is down');
  });

  it('makes no claim from a keyword failure, a green probe or an old remote run', () => {
    const keyword = result(T0 - 1000, { ok: false, failures: ['body lacks "ok"'] });
    expect(state([keyword], result(T0, { fromHostId: 'web-1' })).health.reasons).toEqual(['body lacks "ok"']);
    expect(state([result(T0 - 1000)], down(T0, { fromHostId: 'web-1' })).health.reasons).toEqual([]);
    const old = down(T0 - 10 * def.intervalMs, { fromHostId: 'web-1' });
    expect(state([down(T0 - 1000)], old).health.reasons).toEqual(['connection refused']);
  });

  it('drops runs that left the SLO window but keeps the newest, and marks when the state changed', () => {
    const s = state([result(T0 - 20 * 60_000), result(T0 - 16 * 60_000)], null);
    expect(s.health.state).toBe('grey');
    expect(s.window).toHaveLength(1);
    expect(s.evaluate(T0 + 1000)).toBe(false);
    expect(s.health.since).toBe(T0);
    s.addLocal({ result: result(T0 + 2000), body: Buffer.from('ok') });
    expect(s.evaluate(T0 + 2000)).toBe(true);
    expect(s.health).toMatchObject({ state: 'green', since: T0 + 2000 });
    expect(s.recentMs).toEqual([14, 14, 14]);
  });

  it('keeps the last 30 total times, null for failed runs', () => {
    const s = state([], null);
    for (let i = 0; i < 35; i++)
      s.addLocal({ result: i % 2 ? down(T0 + i) : result(T0 + i), body: Buffer.alloc(0) });
    expect(s.recentMs).toHaveLength(30);
    expect(s.recentMs.slice(-2)).toEqual([null, 14]);
  });
});

describe('sortStatuses', () => {
  it('lists the worst first, then by name', () => {
    const st = (name: string, state: ProbeStatus['health']['state']) =>
      ({ def: { ...def, name }, health: { state } }) as ProbeStatus;
    const names = sortStatuses([
      st('b', 'green'),
      st('a', 'green'),
      st('w', 'waiting'),
      st('g', 'grey'),
      st('r', 'red'),
      st('m', 'amber'),
    ]).map((s) => s.def.name);
    expect(names).toEqual(['r', 'm', 'g', 'w', 'a', 'b']);
  });
});

describe('probeIdFor', () => {
  it('makes a plain, unique id from the name', () => {
    const taken = new Set(['api-health', 'api-health-2']);
    expect(probeIdFor('API health', (id) => taken.has(id))).toBe('api-health-3');
    expect(probeIdFor('  Café — Status!  ', () => false)).toBe('cafe-status');
    expect(probeIdFor('✓✓', () => false)).toBe('probe');
    expect(probeIdFor('x'.repeat(120), () => false)).toHaveLength(56);
  });
});
