import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeDefSchema, ProbeResultSchema, type ProbeDefInput } from '../../../shared/probes';
import { runLocal, type RunOutput } from '../diagnostics/runLocal';
import { freePort, nginxAvailable, startNginx, type TestNginx } from '../testing/nginx';
import { curlArgv, parseCurlOutput, runRemoteProbe, type RemoteExec } from './curlProbe';

const host = { id: 'web-1', name: 'web-1' };
const TS = Date.UTC(2026, 10, 28, 12);
const def = (over: Partial<ProbeDefInput> = {}) =>
  ProbeDefSchema.parse({ id: 'api', name: 'API', url: 'https://api.example.com/health', ...over });
const out = (stdout: string, exitCode: number | null = 0, stderr = ''): RunOutput => ({
  stdout,
  stderr,
  exitCode,
  truncated: false,
});

describe('curlArgv', () => {
  it('asks for the timings only, with the method, headers and -k as the probe says', () => {
    const argv = curlArgv(def({ method: 'POST', headers: { 'X-Token': "it's" }, verifyTls: false }));
    expect(argv.slice(0, 6)).toEqual(['curl', '-sS', '-o', '/dev/null', '--max-time', '10']);
    expect(argv).toContain('-k');
    expect(argv.join(' ')).toContain("-X POST -H X-Token: it's");
    expect(argv[argv.length - 1]).toBe('https://api.example.com/health');
    expect(curlArgv(def({ method: 'HEAD' }))).toContain('--head');
    expect(curlArgv(def())).not.toContain('-k');
  });
});

describe('parseCurlOutput', () => {
  it('turns cumulative seconds into phases that stack', () => {
    const line =
      '\nGBPROBE1|200|0.001000|0.003000|0.010000|0.050000|0.060000|1234|10.0.0.5|text/html; charset=utf-8\n';
    const r = parseCurlOutput(def(), host, TS, out(line));
    expect(ProbeResultSchema.parse(r)).toEqual(r);
    expect(r).toMatchObject({ ok: true, status: 200, fromHostId: 'web-1', ts: TS, error: null, bytes: 1234 });
    expect(r.remoteAddress).toBe('10.0.0.5');
    expect(r.contentType).toBe('text/html; charset=utf-8');
    expect(r.timings).toEqual({ dnsMs: 1, connectMs: 2, tlsMs: 7, ttfbMs: 40, downloadMs: 10, totalMs: 60 });
  });

  it('has no TLS phase for http, and fails an unexpected status', () => {
    const line = 'GBPROBE1|503|0.000000|0.001000|0.000000|0.004000|0.005000|10|127.0.0.1|';
    const r = parseCurlOutput(def({ url: 'http://127.0.0.1/x' }), host, TS, out(line));
    expect(r.timings).toEqual({ dnsMs: 0, connectMs: 1, tlsMs: null, ttfbMs: 3, downloadMs: 1, totalMs: 5 });
    expect(r.ok).toBe(false);
    expect(r.failures).toEqual(['status 503, expected 200–399']);
    expect(r.contentType).toBeNull();
  });

  it("reports curl's own error and the phases never reached as null", () => {
    const line = 'GBPROBE1|000|0.000040|0.000000|0.000000|0.000000|0.000708|0||';
    const stderr = "curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server\n";
    const r = parseCurlOutput(def({ url: 'http://127.0.0.1:9/' }), host, TS, out(line, 7, stderr));
    expect(r).toMatchObject({ ok: false, status: null, errorKind: 'refused', remoteAddress: null });
    expect(r.error).toBe("Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server");
    expect(r.timings).toMatchObject({ connectMs: null, ttfbMs: null, downloadMs: null });
  });

  it('gives a failed result, never a throw, for output that is not curl', () => {
    for (const stdout of ['', 'garbage', 'GBPROBE1|2xx|a|b', 'GBPROBE1|200|-1|0|0|0|0|0||']) {
      const r = parseCurlOutput(def(), host, TS, out(stdout));
      expect(ProbeResultSchema.parse(r).ok).toBe(false);
      expect(r.error).toMatch(/^unexpected output from curl on web-1 .*check that curl there works$/);
    }
    const killed = parseCurlOutput(def(), host, TS, out('', null, '\n(curl timed out)'));
    expect(killed.error).toBe('curl on web-1 failed: (curl timed out)');
  });

  it('says how to fix a host without curl', () => {
    const r = parseCurlOutput(def(), host, TS, out('', 127, "env: 'curl': No such file or directory"));
    expect(r.ok).toBe(false);
    expect(r.error).toBe("curl is not installed on web-1; install it or remove 'run from' on the probe");
  });
});

// The real curl of this machine stands in for a fleet host's: the same argv, run without SSH.
const curlHere = existsSync('/usr/bin/curl');
const localExec = (prefix: string[] = []): RemoteExec => ({
  exec: (argv, timeoutMs) => runLocal(['env', 'LC_ALL=C', ...prefix, ...argv], timeoutMs),
});

describe.skipIf(!curlHere || !nginxAvailable())('runRemoteProbe with a real curl and nginx', () => {
  let nginx: TestNginx;
  beforeAll(async () => {
    nginx = await startNginx();
  }, 30_000);
  afterAll(() => nginx?.stop());

  it('measures a TLS request', async () => {
    const d = def({ url: nginx.url('tlsLong', '/index.html'), verifyTls: false });
    const r = await runRemoteProbe(localExec(), host, d, () => TS);
    expect(r).toMatchObject({ ok: true, status: 200, remoteAddress: '127.0.0.1', contentType: 'text/html' });
    expect(r.timings.tlsMs).toBeGreaterThan(0);
    expect(r.bytes).toBeGreaterThan(0);
  });

  it('fails an untrusted certificate when the probe verifies TLS', async () => {
    const r = await runRemoteProbe(localExec(), host, def({ url: nginx.url('tlsLong', '/') }), () => TS);
    expect(r).toMatchObject({ ok: false, errorKind: 'tls' });
  });

  it('fails a refused connection and a missing curl in words', async () => {
    const refused = def({ url: `http://127.0.0.1:${await freePort()}/` });
    expect(await runRemoteProbe(localExec(), host, refused, () => TS)).toMatchObject({
      ok: false,
      errorKind: 'refused',
    });
    const noCurl = await runRemoteProbe(localExec(['PATH=/nonexistent']), host, refused, () => TS);
    expect(noCurl.error).toMatch(/^curl is not installed on web-1/);
  });

  it('turns a failing exec into a failed result', async () => {
    const broken: RemoteExec = { exec: () => Promise.reject(new Error('Session closed.')) };
    const r = await runRemoteProbe(broken, host, def(), () => TS);
    expect(r.error).toBe('could not run curl on web-1: Session closed.');
  });
});
