import type { ProbeDef, ProbeErrorKind, ProbeResult, ProbeTimings } from '../../../shared/probes';
import type { RemoteExec, RunOutput } from '../collectors/types';
import { describeExpectedStatus, statusMatches } from '../checks/expectations';
import { redactUrls } from '../../../shared/redactUrl';

export type { RemoteExec };

/** Where a remote run happens, for the result and the words. */
export interface RemoteHost {
  id: string;
  name: string;
}

/** Marks the one line curl's `-w` writes, so shell start-up noise before it cannot be mistaken for it. */
const MARK = 'GBPROBE1';
/**
 * Fields separated by `|`, which neither a number nor an IP address can hold; content type last,
 * since it may hold anything but a newline. Docs: https://curl.se/docs/manpage.html#-w
 */
const WRITE_OUT = [
  MARK,
  '%{http_code}',
  '%{time_namelookup}',
  '%{time_connect}',
  '%{time_appconnect}',
  '%{time_starttransfer}',
  '%{time_total}',
  '%{size_download}',
  '%{remote_ip}',
  '%{content_type}',
].join('|');

/** Extra time the exec channel gets beyond curl's own --max-time, for the SSH round trip. */
const EXEC_MARGIN_MS = 5000;

/**
 * The curl command line for one run of a probe. Output goes to /dev/null: only the status and
 * timings come back, so keyword and JSON-path expectations are checked from this machine only.
 */
export function curlArgv(def: ProbeDef): string[] {
  const argv = ['curl', '-sS', '-o', '/dev/null', '--max-time', String(def.timeoutMs / 1000)];
  argv.push('-w', `\\n${WRITE_OUT}\\n`);
  // -X HEAD would make curl wait for a body that never comes; --head asks properly.
  if (def.method === 'HEAD') argv.push('--head');
  else if (def.method !== 'GET') argv.push('-X', def.method);
  for (const [k, v] of Object.entries(def.headers)) argv.push('-H', `${k}: ${v}`);
  if (!def.verifyTls) argv.push('-k');
  argv.push(def.url);
  return argv;
}

/** curl's exit codes that say what went wrong: https://curl.se/libcurl/c/libcurl-errors.html */
const EXIT_KIND: Record<number, ProbeErrorKind> = {
  5: 'dns',
  6: 'dns',
  7: 'refused',
  8: 'protocol',
  28: 'timeout',
  35: 'tls',
  51: 'tls',
  52: 'protocol',
  53: 'tls',
  54: 'tls',
  56: 'reset',
  58: 'tls',
  59: 'tls',
  60: 'tls',
  77: 'tls',
  83: 'tls',
  90: 'tls',
  91: 'tls',
};

const ms = (seconds: number): number => Math.round(seconds * 1000 * 100) / 100;
const phase = (from: number, to: number): number => ms(Math.max(0, to - from));

function emptyResult(def: ProbeDef, host: RemoteHost, ts: number): ProbeResult {
  return {
    probeId: def.id,
    ts,
    fromHostId: host.id,
    ok: false,
    status: null,
    error: null,
    errorKind: null,
    failures: [],
    timings: { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: null, downloadMs: null, totalMs: 0 },
    remoteAddress: null,
    bytes: 0,
    decodedBytes: 0,
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

/** A run that did not complete, with the reason in words. */
export function failedRemoteResult(
  def: ProbeDef,
  host: RemoteHost,
  ts: number,
  kind: ProbeErrorKind,
  error: string,
  totalMs = 0,
): ProbeResult {
  const r = emptyResult(def, host, ts);
  return { ...r, error: redactUrls(error), errorKind: kind, timings: { ...r.timings, totalMs } };
}

/** curl's "curl: (7) Failed to connect ..." without the prefix, or the exit code when it said nothing. */
function curlMessage(out: RunOutput): string {
  const line = out.stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('curl:'));
  const text = (line ?? out.stderr.trim()).replace(/^curl:\s*(\(\d+\)\s*)?/, '');
  return text || `curl exited with code ${out.exitCode ?? 'none'}`;
}

/** Cumulative seconds since the start, as curl reports them, into phases that stack. */
function toTimings(t: number[], https: boolean, completed: boolean): ProbeTimings {
  const [lookup = 0, connect = 0, app = 0, start = 0, total = 0] = t;
  // curl writes 0 for a milestone it never reached.
  const connected = connect > 0;
  const secured = https && app > 0;
  const ready = https ? app : connect;
  const responded = start > 0 && ready > 0;
  return {
    dnsMs: lookup > 0 || connected ? ms(lookup) : null,
    connectMs: connected ? phase(lookup, connect) : null,
    tlsMs: https ? (secured ? phase(connect, app) : null) : null,
    ttfbMs: responded ? phase(ready, start) : null,
    downloadMs: responded && completed ? phase(start, total) : null,
    totalMs: ms(total),
  };
}

/**
 * Turns what `curl -w` printed (see {@link curlArgv}) into a result. Never throws: output that
 * is not curl's gives a failed result that says so.
 */
export function parseCurlOutput(def: ProbeDef, host: RemoteHost, ts: number, out: RunOutput): ProbeResult {
  if (out.exitCode === 127)
    return failedRemoteResult(
      def,
      host,
      ts,
      'other',
      `curl is not installed on ${host.name}; install it or remove 'run from' on the probe`,
    );
  const line = out.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(`${MARK}|`));
  const fields = line?.trimEnd().split('|') ?? [];
  // LC_ALL=C is set, but a comma decimal point costs nothing to accept.
  const nums = fields.slice(2, 8).map((f) => Number(f.replace(',', '.')));
  const code = Number(fields[1]);
  const wellFormed =
    fields.length >= 10 && /^\d{3}$/.test(fields[1] ?? '') && nums.every((n) => Number.isFinite(n) && n >= 0);
  if (!wellFormed) {
    if (out.exitCode !== 0 && out.stderr.trim())
      return failedRemoteResult(def, host, ts, 'other', `curl on ${host.name} failed: ${curlMessage(out)}`);
    const seen = out.stdout.trim().slice(0, 80) || 'nothing';
    return failedRemoteResult(
      def,
      host,
      ts,
      'other',
      `unexpected output from curl on ${host.name} (got ${JSON.stringify(seen)}); check that curl there works`,
    );
  }
  const completed = out.exitCode === 0;
  const https = new URL(def.url).protocol === 'https:';
  const status = code === 0 ? null : code;
  const result = emptyResult(def, host, ts);
  result.timings = toTimings(nums.slice(0, 5), https, completed);
  result.status = status;
  result.bytes = result.decodedBytes = Math.round(nums[5] ?? 0);
  result.remoteAddress = fields[8] || null;
  result.contentType = fields.slice(9).join('|') || null;
  if (!completed) {
    result.errorKind = EXIT_KIND[out.exitCode ?? -1] ?? 'other';
    // curl names the URL it fetched, secrets and all.
    result.error = redactUrls(curlMessage(out));
  } else if (status !== null && !statusMatches(def.expectStatus, status)) {
    result.failures = [`status ${status}, expected ${describeExpectedStatus(def.expectStatus)}`];
  }
  result.ok = completed && status !== null && result.failures.length === 0;
  return result;
}

/**
 * Runs the probe once on a fleet host with curl, over the host's existing SSH session (one exec
 * channel, no new login). Never rejects: a lost connection is a failed result in words.
 */
export async function runRemoteProbe(
  remote: RemoteExec,
  host: RemoteHost,
  def: ProbeDef,
  now: () => number,
): Promise<ProbeResult> {
  const ts = now();
  const t0 = performance.now();
  try {
    const out = await remote.exec(curlArgv(def), def.timeoutMs + EXEC_MARGIN_MS);
    return parseCurlOutput(def, host, ts, out);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return failedRemoteResult(
      def,
      host,
      ts,
      'other',
      `could not run curl on ${host.name}: ${why}`,
      Math.round(performance.now() - t0),
    );
  }
}
