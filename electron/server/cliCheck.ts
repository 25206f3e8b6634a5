import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SeveritySchema, type AuditConfig, type AuditReport } from '../../shared/audit';
import {
  DEFAULT_CHECK_CONFIG_FILE,
  parseCheckConfig,
  type CheckAudit,
  type CheckConfig,
  type CheckLoadTest,
  type CheckProbe,
} from '../../shared/checkConfig';
import type { LoadTestResult } from '../../shared/loadTests';
import type { ProbeResult } from '../../shared/probes';
import { LOCAL_HOST_ID, type EngineHandle } from '../engine';
import { localRunner, runAudit } from '../engine';
import { runLoadTest, runProbe } from '../engine';
import { parse, UsageError } from './cliArgs';
import { COMMANDS } from './cliTable';
import { call, withEngine } from './cliFleet';
import { actualText, formatMs } from './cliLoadtest';

/**
 * `greenboard check [--config FILE] [--json]`: runs the probes, load tests and audits a config
 * file names, one after another (a load test running beside a probe would skew its timing),
 * prints one row per check and exits 0 when all pass, 1 when one fails, 2 on a bad config, so
 * a deploy pipeline can gate on it. Progress goes to stderr, the verdicts to stdout.
 */

export type CheckKind = 'probe' | 'loadtest' | 'audit';

/** One check's verdict; `result` is what the engine measured (null when it could not run). */
export interface CheckOutcome {
  kind: CheckKind;
  name: string;
  ok: boolean;
  /** The key numbers: "200 in 12 ms, cert 58 d", "p95 4.1 ms, 0 errors, 2/2 thresholds". */
  summary: string;
  /** Why it failed, one reason per entry; empty when it passed. */
  failures: string[];
  result: ProbeResult | LoadTestResult | AuditReport | null;
}

const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const progress = (s: string): boolean => process.stderr.write(`${s}\n`);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function readConfig(file: string): CheckConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new UsageError(
      `Cannot read the check config "${file}" (${why ?? (e as Error).message}). Write one, or pass --config FILE.`,
    );
  }
  const r = parseCheckConfig(text);
  if (!r.ok) throw new UsageError(`Bad check config ${file}:\n  ${r.errors.join('\n  ')}`);
  return r.config;
}

/** Runs a probe once and judges it: its expectations, certificate days and `maxMs`. */
export async function checkProbe(p: CheckProbe): Promise<CheckOutcome> {
  const { maxMs, ...def } = p;
  progress(`probe ${p.name}: ${def.method} ${def.url}`);
  const { result } = await runProbe(def);
  const failures = [...(result.error ? [result.error] : []), ...result.failures];
  const total = result.timings.totalMs;
  let summary =
    result.status === null
      ? `no response after ${formatMs(total)}`
      : `${result.status} in ${formatMs(total)}`;
  if (result.cert) {
    const days = Math.floor(result.cert.daysLeft);
    summary += `, cert ${days} d`;
    if (result.cert.daysLeft <= def.certCritDays)
      failures.push(
        result.cert.daysLeft < 0
          ? `the certificate expired ${-days} d ago`
          : `the certificate expires in ${days} d (fails at ${def.certCritDays} d or less)`,
      );
  }
  if (maxMs !== undefined && result.status !== null && total >= maxMs)
    failures.push(`took ${formatMs(total)}, must be under ${formatMs(maxMs)} (maxMs)`);
  return { kind: 'probe', name: p.name, ok: failures.length === 0, summary, failures, result };
}

/** Runs one load test and judges its thresholds. */
export async function checkLoadTest(t: CheckLoadTest): Promise<CheckOutcome> {
  const { name, ...spec } = t;
  progress(
    `loadtest ${name}: ${spec.connections} connections for ${spec.durationSec} s against ${spec.method} ${spec.targetUrl}`,
  );
  let r: LoadTestResult;
  try {
    r = await runLoadTest(spec);
  } catch (err) {
    const why = (err as Error).message;
    return { kind: 'loadtest', name, ok: false, summary: 'did not run', failures: [why], result: null };
  }
  const passed = r.thresholds.filter((x) => x.ok).length;
  const failures = r.thresholds
    .filter((x) => !x.ok)
    .map((x) => `${x.expr}: actual ${actualText(x.expr, x.actual)}`);
  if (r.requests === 0) failures.unshift(`no responses (${plural(r.errors, 'error')}): is it up?`);
  const summary =
    `p95 ${formatMs(r.latency.p95)}, ${plural(r.errors, 'error')}` +
    (r.non2xx ? `, ${r.non2xx} non-2xx` : '') +
    `, ${passed}/${r.thresholds.length} thresholds`;
  return { kind: 'loadtest', name, ok: failures.length === 0, summary, failures, result: r };
}

const SEVERITIES = SeveritySchema.options;

// Evidence can be a whole config section; the row shows its first line, the JSON all of it.
function seen(evidence: string): string {
  const line = evidence.trim().split('\n')[0] ?? '';
  return line ? `(seen: ${line.length > 80 ? `${line.slice(0, 77)}...` : line})` : '';
}

/** Audits one host; fails under `minScore` or on a failed finding of `failOn` severity or worse. */
export async function checkAudit(
  a: CheckAudit,
  audit: (config: AuditConfig) => Promise<AuditReport>,
): Promise<CheckOutcome> {
  const { host, minScore, failOn, ...config } = a;
  progress(`audit ${host}: running the security audit`);
  let report: AuditReport;
  try {
    report = await audit(config);
  } catch (err) {
    const why = (err as Error).message;
    return { kind: 'audit', name: host, ok: false, summary: 'did not run', failures: [why], result: null };
  }
  const failed = report.findings.filter((f) => f.status === 'fail');
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => [s, failed.filter((f) => f.severity === s).length] as const)
    .filter(([s, n]) => n > 0 && s !== 'info')
    .map(([s, n]) => `${n} ${s}`);
  const summary = [
    `score ${report.score}`,
    ...counts,
    ...(report.notChecked ? [`${report.notChecked} not checked`] : []),
  ].join(', ');
  const failures: string[] = [];
  if (minScore !== undefined && report.score < minScore)
    failures.push(`score ${report.score} is under minScore ${minScore}`);
  const bar = SEVERITIES.indexOf(failOn);
  for (const f of failed)
    if (SEVERITIES.indexOf(f.severity) >= bar)
      failures.push(`failed ${f.severity}: "${f.title}" ${seen(f.evidence)}`);
  return { kind: 'audit', name: host, ok: failures.length === 0, summary, failures, result: report };
}

/**
 * How a host is audited: here for `local`, through the engine's own audit (over the host's
 * saved SSH login, kept in its history like one run from the app) otherwise.
 */
function auditOf(host: string, engine: EngineHandle | null): (config: AuditConfig) => Promise<AuditReport> {
  if (host === LOCAL_HOST_ID) return (config) => runAudit({ hostId: host, run: localRunner(), config });
  if (!engine) throw new UsageError(`audits: "${host}" has no SSH settings.`);
  return (config) => call(engine, 'audit:run', { hostId: host, config });
}

/** Every check in config order within each kind: probes, then audits, then load tests last. */
export async function runChecks(config: CheckConfig, engine: EngineHandle | null): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const p of config.probes) outcomes.push(await checkProbe(p));
  for (const a of config.audits) outcomes.push(await checkAudit(a, auditOf(a.host, engine)));
  for (const t of config.loadTests) outcomes.push(await checkLoadTest(t));
  return outcomes;
}

/** One row per check (reasons for a failure indented under it), then "N passed, M failed". */
export function checkTable(outcomes: readonly CheckOutcome[]): string[] {
  const kindW = Math.max(...outcomes.map((o) => o.kind.length));
  const nameW = Math.max(...outcomes.map((o) => o.name.length));
  const lines: string[] = [];
  for (const o of outcomes) {
    lines.push(`${o.kind.padEnd(kindW)}  ${o.name.padEnd(nameW)}  ${o.ok ? '✓' : '✗'}  ${o.summary}`);
    for (const f of o.failures) lines.push(`${' '.repeat(kindW + nameW + 7)}${f}`);
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  lines.push(`${outcomes.length - failed} passed, ${failed} failed`);
  return lines;
}

/** Runs `greenboard check`; returns the exit code. */
export async function checkCommand(args: string[], version: string): Promise<number> {
  const { values: v } = parse(args, COMMANDS.check.options);
  const file = resolve(v.config ?? DEFAULT_CHECK_CONFIG_FILE);
  const config = readConfig(file);
  const report = async (engine: EngineHandle | null): Promise<number> => {
    const outcomes = await runChecks(config, engine);
    if (v.json) out(JSON.stringify(outcomes, null, 2));
    else for (const line of checkTable(outcomes)) out(line);
    return outcomes.every((o) => o.ok) ? 0 : 1;
  };
  const remote = config.audits.map((a, i) => ({ host: a.host, i })).filter((a) => a.host !== LOCAL_HOST_ID);
  if (remote.length === 0) return report(null);
  // Saved hosts live in the data folder's engine; an unknown name is a config mistake, found
  // before anything runs.
  return withEngine(v['data-dir'], version, async (e) => {
    const known = new Set((await call(e, 'hosts:list', {})).map((h) => h.id));
    const unknown = remote.filter((a) => !known.has(a.host));
    if (unknown.length > 0)
      throw new UsageError(
        `Bad check config ${file}:\n  ${unknown
          .map(
            (a) =>
              `audits[${a.i}].host: no host named "${a.host}" in Greenboard (see "greenboard hosts list")`,
          )
          .join('\n  ')}`,
      );
    return report(e);
  });
}
