// Integration tests: every probe here goes to a real nginx on 127.0.0.1 (electron/engine/testing/nginx.ts).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeDefSchema, type ProbeDefInput, type ProbeResult } from '../../../shared/probes';
import {
  freePort,
  nginxAvailable,
  startNginx,
  type NginxSite,
  type TestNginx,
  nginxSkipNote,
} from '../testing/nginx';
import { auditResponse, formatSize } from './frontendAudit';
import { runProbe, type RunProbeOptions } from './httpProbe';
import { evaluateProbeHealth } from './probeHealth';

let nginx: TestNginx;
beforeAll(async () => {
  if (nginxAvailable()) nginx = await startNginx();
});
afterAll(async () => {
  await nginx?.stop();
});

const probe = (url: string, extra: Partial<ProbeDefInput> = {}, opts: RunProbeOptions = {}) =>
  runProbe(ProbeDefSchema.parse({ id: 't', name: 't', url, ...extra }), opts);
const at = (site: NginxSite, path: string, host?: string) => nginx.url(site, path, host);
const trustTestCa = (): RunProbeOptions => ({ ca: nginx.caPem });

function expectStackedTimings(r: ProbeResult): void {
  const t = r.timings;
  for (const phase of [t.dnsMs, t.connectMs, t.ttfbMs, t.downloadMs]) expect(phase).toBeGreaterThanOrEqual(0);
  const sum = (t.dnsMs ?? 0) + (t.connectMs ?? 0) + (t.tlsMs ?? 0) + (t.ttfbMs ?? 0) + (t.downloadMs ?? 0);
  expect(t.totalMs).toBeGreaterThanOrEqual(t.ttfbMs ?? 0);
  // Phases stack up to the total, give or take rounding.
  expect(Math.abs(t.totalMs - sum)).toBeLessThan(0.1);
}

describe.skipIf(!nginxAvailable())(`runProbe against nginx${nginxSkipNote()}`, () => {
  describe('timing breakdown', () => {
    it('has every phase for http, with no TLS phase and no DNS for an IP literal', async () => {
      const { result } = await probe(at('gzip', '/index.html'));
      expect(result).toMatchObject({
        ok: true,
        status: 200,
        error: null,
        remoteAddress: '127.0.0.1',
        cert: null,
      });
      expect(result.timings.tlsMs).toBeNull();
      expect(result.timings.dnsMs).toBe(0);
      expectStackedTimings(result);
    });

    it('looks up a host name and times the TLS handshake for https', async () => {
      const { result } = await probe(at('tlsLong', '/index.html', 'localhost'), {}, trustTestCa());
      expect(result).toMatchObject({ ok: true, status: 200 });
      expect(result.timings.tlsMs).toBeGreaterThan(0);
      expectStackedTimings(result);
    });
  });

  describe('certificates', () => {
    it('finds a certificate 2 days from expiry, from the test CA, and turns the probe red', async () => {
      const { result } = await probe(at('tlsShort', '/health'), {}, trustTestCa());
      expect(result.ok).toBe(true);
      expect(result.cert).toMatchObject({
        subject: 'localhost',
        issuer: 'Greenboard Test CA',
        trusted: true,
      });
      expect(result.cert?.daysLeft).toBeCloseTo(2, 1);
      const def = ProbeDefSchema.parse({ id: 't', name: 't', url: at('tlsShort', '/health') });
      const health = evaluateProbeHealth(def, [result], result.ts);
      expect(health.state).toBe('red');
      expect(health.reasons).toEqual([
        expect.stringMatching(/^certificate expires in 2 days \(\w{3} \d{1,2}\)$/),
      ]);
    });

    it('is green at 60 days and amber when that is within the warning days', async () => {
      const { result } = await probe(at('tlsLong', '/health'), {}, trustTestCa());
      expect(result.cert?.daysLeft).toBeCloseTo(60, 1);
      const base = { id: 't', name: 't', url: at('tlsLong', '/health') };
      expect(evaluateProbeHealth(ProbeDefSchema.parse(base), [result], result.ts).state).toBe('green');
      const warn90 = ProbeDefSchema.parse({ ...base, certWarnDays: 90 });
      expect(evaluateProbeHealth(warn90, [result], result.ts)).toMatchObject({
        state: 'amber',
        reasons: [expect.stringMatching(/^certificate expires in 60 days/)],
      });
    });

    it('reports an untrusted certificate as a failure but still measures the request', async () => {
      const { result } = await probe(at('tlsShort', '/health'));
      expect(result.status).toBe(200);
      expect(result.ok).toBe(false);
      expect(result.failures).toEqual([
        expect.stringMatching(/^certificate not trusted: its issuer is unknown here/),
      ]);
      expect(result.cert).toMatchObject({ issuer: 'Greenboard Test CA', trusted: false });
      expect(result.timings.tlsMs).toBeGreaterThan(0);
      expectStackedTimings(result);
      const lax = await probe(at('tlsShort', '/health'), { verifyTls: false });
      expect(lax.result).toMatchObject({ ok: true, failures: [] });
    });
  });

  describe('front-end audit', () => {
    const audit = async (site: NginxSite, path: string) => {
      const url = at(site, path);
      const { result, body } = await probe(url);
      return { result, body, advice: auditResponse(result, body, { url }) };
    };

    it('finds nothing to say about a gzipped, cached static asset', async () => {
      const { result, body, advice } = await audit('gzip', '/static/app.js');
      expect(result.contentEncoding).toBe('gzip');
      expect(result.bytes).toBeLessThan(result.decodedBytes / 2);
      expect(body.length).toBe(result.decodedBytes);
      expect(result.cacheControl).toBe('public, max-age=31536000, immutable');
      expect(advice).toEqual([]);
    });

    it('advises gzip with a real estimate where gzip is off', async () => {
      const gzipped = await audit('gzip', '/static/app.js');
      const { result, body, advice } = await audit('plain', '/static/app.js');
      expect(result.contentEncoding).toBeNull();
      expect(result.bytes).toBe(result.decodedBytes);
      expect(body.equals(gzipped.body)).toBe(true);
      const estimate = formatSize(gzipSync(body, { level: 6 }).length);
      expect(advice).toEqual([
        {
          id: 'compression',
          severity: 'warn',
          message: `enable gzip or brotli: 412 KB could be ~${estimate}`,
        },
      ]);
    });

    it('advises cache headers for a static asset served without them, on either site', async () => {
      expect((await audit('gzip', '/app.js')).advice.map((a) => a.id)).toEqual(['cache-missing']);
      expect((await audit('plain', '/app.js')).advice.map((a) => a.id)).toEqual([
        'compression',
        'cache-missing',
      ]);
    });

    it('does not advise compressing small files, images or pages', async () => {
      expect((await audit('plain', '/small.css')).advice.map((a) => a.id)).toEqual(['cache-missing']);
      expect((await audit('plain', '/static/logo.png')).advice).toEqual([]);
      expect((await audit('gzip', '/index.html')).advice).toEqual([]);
    });
  });

  describe('expectations', () => {
    it('checks a keyword in the body', async () => {
      expect((await probe(at('gzip', '/health'), { expectKeyword: 'healthy' })).result.ok).toBe(true);
      const { result } = await probe(at('gzip', '/health'), { expectKeyword: 'sick' });
      expect(result).toMatchObject({
        ok: false,
        status: 200,
        failures: ['keyword "sick" not found in the body'],
      });
    });

    it('checks a JSON path, on a gzipped body too', async () => {
      const pass = await probe(at('gzip', '/status.json'), {
        expectJsonPath: { path: '$.status', equals: 'ok' },
      });
      expect(pass.result.ok).toBe(true);
      const fail = await probe(
        at('tlsLong', '/status.json'),
        { expectJsonPath: { path: '$.checks[0].up', equals: false } },
        trustTestCa(),
      );
      expect(fail.result.failures).toEqual(['$.checks[0].up is true, expected false']);
    });

    it('fails on an unexpected status, and passes when that status is expected', async () => {
      const { result } = await probe(at('gzip', '/missing'));
      expect(result).toMatchObject({
        ok: false,
        status: 404,
        error: null,
        failures: ['status 404, expected 200–399'],
      });
      expect((await probe(at('gzip', '/missing'), { expectStatus: [404] })).result.ok).toBe(true);
    });

    it('sends HEAD without reading a body', async () => {
      const { result } = await probe(at('gzip', '/app.js'), { method: 'HEAD' });
      expect(result).toMatchObject({ ok: true, status: 200, bytes: 0, decodedBytes: 0 });
    });
  });

  describe('failures', () => {
    it('times out against a stalled upstream and says what it was waiting for', async () => {
      const { result } = await probe(at('gzip', '/stall'), { timeoutMs: 500 });
      expect(result).toMatchObject({
        ok: false,
        status: null,
        errorKind: 'timeout',
        error: 'timed out after 500 ms waiting for the response headers (connected, request sent)',
      });
      expect(result.timings.connectMs).toBeGreaterThanOrEqual(0);
      expect(result.timings.ttfbMs).toBeNull();
      expect(result.timings.totalMs).toBeGreaterThanOrEqual(499);
      expect(result.timings.totalMs).toBeLessThan(3000);
    });

    it('says the connection was refused on a closed port', async () => {
      const port = await freePort();
      const { result } = await probe(`http://127.0.0.1:${port}/`);
      expect(result).toMatchObject({
        ok: false,
        status: null,
        errorKind: 'refused',
        error: `connection refused by 127.0.0.1:${port}: nothing is listening there (is the service running?)`,
      });
      expect(result.timings.connectMs).toBeNull();
    });

    it('can be cancelled, before or during the request', async () => {
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 100);
      const during = await probe(at('gzip', '/stall'), {}, { signal: ctl.signal });
      expect(during.result).toMatchObject({ ok: false, error: 'cancelled', status: null });
      expect(during.result.timings.totalMs).toBeLessThan(1000);
      const before = await probe(at('gzip', '/health'), {}, { signal: AbortSignal.abort() });
      expect(before.result).toMatchObject({ ok: false, error: 'cancelled' });
    });

    it('stops reading at the body cap and says so', async () => {
      for (const site of ['plain', 'gzip'] as const) {
        const { result, body } = await probe(at(site, '/app.js'), {}, { maxBodyBytes: 100_000 });
        expect(result).toMatchObject({ ok: true, truncated: true, decodedBytes: 100_000 });
        expect(body.length).toBe(100_000);
      }
    });
  });

  describe('SLO', () => {
    const slo = { percentile: 95, underMs: 250, windowMs: 60_000 };
    const window = async (path: string) => {
      const results: ProbeResult[] = [];
      for (let i = 0; i < 4; i++) results.push((await probe(at('gzip', path), { slo })).result);
      const def = ProbeDefSchema.parse({ id: 't', name: 't', url: at('gzip', path), slo });
      return evaluateProbeHealth(def, results, Date.now());
    };

    it('turns a slow endpoint red over the window', async () => {
      const health = await window('/slow?ms=300');
      expect(health).toMatchObject({ state: 'red', samples: 4 });
      expect(health.latencyMs).toBeGreaterThanOrEqual(300);
      expect(health.reasons).toEqual([expect.stringMatching(/^p95 3\d\d ms ≥ 250 ms over 1 min$/)]);
    });

    it('keeps a fast endpoint green under the same SLO', async () => {
      expect(await window('/slow?ms=0')).toMatchObject({ state: 'green', reasons: [], samples: 4 });
    });
  });
});
