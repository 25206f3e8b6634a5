import { readFileSync } from 'node:fs';
import { formatBytes } from '../../shared/format';
import {
  LoadTestSpecSchema,
  parseThreshold,
  type LoadTestResult,
  type LoadTestSpec,
  type ThresholdMetric,
} from '../../shared/loadTests';
import { runLoadTest, type LoadTestProgress } from '../engine';
import { parse, UsageError } from './cliArgs';
import { COMMANDS, usage } from './cliTable';

/**
 * `greenboard loadtest URL ...`: one load test from a terminal. Progress goes to stderr, the
 * result to stdout (a table, or JSON with --json). Exit 0 when every threshold passes, 1 when
 * one fails (or nothing answered), 2 on a usage error, 130 when cancelled with Ctrl+C.
 *
 * In the app a load test runs only against a saved target, after a confirmation. Here typing
 * the URL is the confirmation; we say on stderr what is about to run before sending anything,
 * and the caps in shared/loadTests.ts (connections, duration, rate, body) still hold.
 */

const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const err = (s: string): boolean => process.stderr.write(s);
const num = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Latency for people: 0.42 ms, 4.2 ms, 420 ms. */
export function formatMs(ms: number): string {
  return `${num(ms, ms < 1 ? 2 : ms < 100 ? 1 : 0)} ms`;
}

/** `10s`, `2m`, `500ms`, or a bare number of seconds, in seconds. */
export function parseDuration(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--${option} takes a duration such as 10s, 2m or 500ms, got "${text}".`);
  const scale = { ms: 0.001, s: 1, m: 60 }[(m[2] ?? 's') as 'ms' | 's' | 'm'];
  return Number(m[1]) * scale;
}

function parseNumber(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${option} takes a number, got "${text}".`);
  }
  return n;
}

/** Repeated `--header 'K: V'`; a repeated name joins its values with ", " as HTTP allows. */
function parseHeaders(list: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of list) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header takes 'Name: value', got "${h}".`);
    const name = h.slice(0, i).trim();
    const value = h.slice(i + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

function readBody(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new UsageError(`--body: cannot read "${file}" (${why ?? (e as Error).message}).`);
  }
}

// Spec fields as the user typed them, so an error names the option to fix.
const OPTION_OF: Record<string, string> = {
  targetUrl: 'URL',
  method: '--method',
  headers: '--header',
  body: '--body',
  connections: '--connections',
  durationSec: '--duration',
  rate: '--rate',
  timeoutSec: '--timeout',
  thresholds: '--threshold',
};

/** Builds and validates the spec from the command line; every mistake is a UsageError. */
export function loadtestSpec(args: string[]): { spec: LoadTestSpec; json: boolean } {
  const { values: v, positionals } = parse(args, COMMANDS.loadtest.options, true);
  const [url, ...extra] = positionals;
  if (!url || extra.length > 0) {
    throw new UsageError(usage('loadtest'));
  }
  const durationSec = v.duration === undefined ? undefined : parseDuration(v.duration, 'duration');
  if (durationSec !== undefined && durationSec < 1) {
    throw new UsageError(`--duration must be at least 1s, got "${v.duration}".`);
  }
  const input = {
    targetUrl: url,
    method: v.method?.toUpperCase(),
    headers: parseHeaders(v.header ?? []),
    body: v.body === undefined ? undefined : readBody(v.body),
    connections: parseNumber(v.connections, 'connections'),
    durationSec,
    rate: parseNumber(v.rate, 'rate'),
    timeoutSec: v.timeout === undefined ? undefined : parseDuration(v.timeout, 'timeout'),
    thresholds: v.threshold ?? [],
  };
  const parsed = LoadTestSpecSchema.safeParse(input);
  if (!parsed.success) {
    const typed: Record<string, string | undefined> = {
      connections: v.connections,
      durationSec: v.duration,
      rate: v.rate,
      method: v.method,
      timeoutSec: v.timeout,
    };
    const words = parsed.error.issues.map((i) => {
      const [field = '', key] = i.path.map(String);
      const option = OPTION_OF[field] ?? field;
      const got = typed[field] !== undefined ? ` (got ${typed[field]})` : '';
      const which = field === 'headers' && key ? ` "${key}"` : '';
      // A bad header name comes back as a record key issue wrapping the regex's message.
      const message = i.code === 'invalid_key' ? (i.issues[0]?.message ?? i.message) : i.message;
      return `${option}${which}: ${message}${got}`;
    });
    throw new UsageError(`Load test refused. ${words.join('; ')}.`);
  }
  return { spec: parsed.data, json: v.json ?? false };
}

function progressText(p: LoadTestProgress): string {
  const p95 = p.p95Ms === null ? '—' : formatMs(p.p95Ms);
  const total = num(p.totalMs / 1000);
  return `${num(p.elapsedMs / 1000, 1)}/${total} s  ${num(p.rps)} req/s  p95 ${p95}  errors ${num(p.errors)}`;
}

/** A bar redrawn in place on a terminal; a plain line about every second otherwise (CI logs). */
function progressReporter(): { onProgress: (p: LoadTestProgress) => void; intervalMs: number; end(): void } {
  if (!process.stderr.isTTY) {
    return { onProgress: (p) => err(`${progressText(p)}\n`), intervalMs: 1000, end: () => {} };
  }
  const width = 24;
  let drawn = false;
  return {
    intervalMs: 250,
    onProgress: (p) => {
      const full = Math.round(p.fraction * width);
      err(`\r[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${progressText(p)}\x1b[K`);
      drawn = true;
    },
    end: () => {
      if (drawn) err('\r\x1b[K');
    },
  };
}

const UNIT: Record<ThresholdMetric, (n: number) => string> = {
  p50: formatMs,
  p90: formatMs,
  p95: formatMs,
  p99: formatMs,
  max: formatMs,
  mean: formatMs,
  errors: (n) => `${num(n, 3).replace(/\.?0+$/, '')}%`,
  rps: (n) => `${num(n, 1)} req/s`,
};

/** A threshold's measured value in its metric's unit: "4.1 ms", "0.5%", "120.0 req/s", or "no data". */
export function actualText(expr: string, actual: number | null): string {
  if (actual === null) return 'no data';
  const t = parseThreshold(expr);
  return t.ok ? UNIT[t.value.metric](actual) : String(actual);
}

/** The result as a two-column table, thresholds last. */
export function resultTable(spec: LoadTestSpec, r: LoadTestResult): string[] {
  const l = r.latency;
  const rows: [string, string][] = [
    ['target', `${spec.method} ${spec.targetUrl}`],
    [
      'ran',
      `${num(r.durationMs / 1000, 1)} s, ${r.connections} connections` +
        (spec.rate ? ` at ${num(spec.rate)} req/s (latency from schedule)` : ''),
    ],
    ['requests', num(r.requests)],
    ['req/s', num(r.rps, 1)],
    ['latency', `p50 ${formatMs(l.p50)}   p90 ${formatMs(l.p90)}   p95 ${formatMs(l.p95)}`],
    ['', `p99 ${formatMs(l.p99)}   max ${formatMs(l.max)}   mean ${formatMs(l.mean)}`],
    ['errors', num(r.errors)],
    ['timeouts', num(r.timeouts)],
    ['non-2xx', num(r.non2xx)],
    ['error rate', `${UNIT.errors(r.errorRatePct)} of attempts (errors and non-2xx)`],
    ['bytes', formatBytes(r.bytes)],
  ];
  const lines = r.cancelled ? [`cancelled after ${num(r.durationMs / 1000, 1)} s: a partial result`] : [];
  lines.push(...rows.map(([k, v]) => `${k.padEnd(10)}  ${v}`));
  if (r.thresholds.length > 0) {
    const width = Math.max(...r.thresholds.map((t) => t.expr.length));
    lines.push('thresholds');
    for (const t of r.thresholds) {
      lines.push(`  ${t.ok ? '✓' : '✗'} ${t.expr.padEnd(width)}  actual ${actualText(t.expr, t.actual)}`);
    }
  }
  return lines;
}

/** Runs `greenboard loadtest`; returns the exit code. */
export async function loadtestCommand(args: string[]): Promise<number> {
  const { spec, json } = loadtestSpec(args);
  // The engine uses one connection per request/s when the rate is below the connection count.
  const connections = spec.rate
    ? Math.max(1, Math.min(spec.connections, Math.floor(spec.rate)))
    : spec.connections;
  const pace = spec.rate ? ` at ${num(spec.rate)} req/s` : '';
  err(
    `${connections} connections${pace} for ${num(spec.durationSec)} s against ${spec.method} ${spec.targetUrl}. ` +
      'Ctrl+C stops it.\n',
  );

  const stop = new AbortController();
  const onSigint = (): void => {
    // A second Ctrl+C does not wait for the partial result.
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  };
  process.on('SIGINT', onSigint);
  const progress = progressReporter();
  let result: LoadTestResult;
  try {
    result = await runLoadTest(spec, {
      signal: stop.signal,
      onProgress: progress.onProgress,
      progressIntervalMs: progress.intervalMs,
    });
  } finally {
    progress.end();
    process.off('SIGINT', onSigint);
  }

  if (json) out(JSON.stringify(result, null, 2));
  else for (const line of resultTable(spec, result)) out(line);
  if (result.cancelled) {
    err('Load test cancelled.\n');
    return 130;
  }
  if (result.requests === 0) {
    err(`No responses from ${spec.targetUrl} (${result.errors} errors): is it up?\n`);
    return 1;
  }
  const failed = result.thresholds.filter((t) => !t.ok);
  if (failed.length > 0) {
    err(`${failed.length} of ${result.thresholds.length} thresholds failed.\n`);
    return 1;
  }
  return 0;
}
