import type { FlatPoint, MetricName } from '../../../shared/metrics';
import { METRICS } from '../../../shared/metrics';
import type { ServiceConfig, ServiceProblem, ServiceReading } from '../../../shared/services';
import type { RemoteExec, RunOutput } from '../collectors/types';
import { lastLine } from './clientProblems';
import type { TunnelOpener } from '../collectors/tunnel';
import { runTunnel } from './tunnel/tunnelPoll';
import { ServiceProblemError, type Derived, type PollAsk, type ServiceDriver } from './types';

/** A poll's answer may hold thousands of statements' counters (5,000 are ~350 kB): room for 16 MiB. */
export const SERVICE_OUTPUT_BYTES = 16 * 1024 * 1024;
/** One poll's deadline unless the interval is shorter: a stuck client must not stack up polls. */
export const SERVICE_TIMEOUT_MS = 10_000;

/** The previous poll's snapshot, which rates and statement deltas are computed against. */
export interface PrevSnapshot {
  snap: unknown;
  ts: number;
}

export type PollResult = (
  | { ok: true; derived: Derived; snap: unknown; pollMs: number }
  | { ok: false; problem: ServiceProblem; message: string; pollMs: number | null }
) & {
  /** The client path asked for (PollAsk.client) could not be run: this poll used the bare name instead. */
  clientFailed?: { path: string; why: string };
};

/** How a tunnel poll reaches its service: the host's tunnels, and the password kept for it (if any). */
export interface TunnelAccess {
  opener: TunnelOpener;
  secret: string | null;
}

/** A poll through a tunnel: the kind's driver over a forwarded stream, its answer as the client's text. */
async function pollTunnel(
  driver: ServiceDriver<unknown>,
  cfg: ServiceConfig,
  ask: PollAsk,
  tunnel: TunnelAccess | undefined,
  prev: PrevSnapshot | null,
  now: () => number,
  timeoutMs: number,
): Promise<PollResult> {
  if (!tunnel)
    return {
      ok: false,
      problem: 'setup',
      message: 'This host cannot open tunnels: read the service through its client (peer).',
      pollMs: null,
    };
  const started = performance.now();
  let out;
  try {
    out = await runTunnel(cfg, ask, tunnel.opener, tunnel.secret, timeoutMs);
  } catch (err) {
    if (err instanceof ServiceProblemError)
      return { ok: false, problem: err.problem, message: err.message, pollMs: null };
    // The host's session is down: the host's card says why; the service only that it waits.
    return {
      ok: false,
      problem: 'host-down',
      message: `The host is not reachable: ${(err as Error).message}`,
      pollMs: null,
    };
  }
  return readAnswer(driver, cfg, out, prev, now, performance.now() - started, timeoutMs);
}

/**
 * Runs one poll of a service: the driver's one command on the host (over the SSH session, or
 * this machine), or its driver through a tunnel, then its parse and derive. Whatever goes wrong
 * comes back as a problem in words, never as a throw: the watch records it and the host's own
 * polling is untouched.
 */
export async function pollService(
  driver: ServiceDriver<unknown>,
  cfg: ServiceConfig,
  runner: RemoteExec,
  prev: PrevSnapshot | null,
  ask: { textsFor: readonly string[]; client?: string | null },
  now: () => number,
  tunnel?: TunnelAccess,
): Promise<PollResult> {
  const timeoutMs = Math.min(SERVICE_TIMEOUT_MS, Math.max(2_000, cfg.intervalMs - 1_000));
  if (cfg.via === 'tunnel') {
    const pollAsk: PollAsk = { textsFor: ask.textsFor.slice(0, 50), longQuerySec: cfg.longQuerySec };
    return pollTunnel(driver, cfg, pollAsk, tunnel, prev, now, timeoutMs);
  }
  const argvWith = (client: string | null): string[] =>
    driver.command(cfg, { textsFor: ask.textsFor.slice(0, 50), longQuerySec: cfg.longQuerySec, client });
  const client = ask.client ?? null;
  let argv: string[];
  try {
    argv = argvWith(client);
  } catch (err) {
    return { ok: false, problem: 'setup', message: (err as Error).message, pollMs: null };
  }
  const started = performance.now();
  let out;
  let clientFailed: PollResult['clientFailed'];
  try {
    out = await runner.exec(argv, timeoutMs, { maxBytes: SERVICE_OUTPUT_BYTES });
    // The path an earlier answer named is gone (an upgrade) or sudo allows only the bare name:
    // this poll runs again the way it did before, and says so; the watch stops asking for it.
    if (client && clientUnusable(out, client)) {
      clientFailed = { path: client, why: lastLine(out.stderr) || `exit code ${String(out.exitCode)}` };
      out = await runner.exec(argvWith(null), timeoutMs, { maxBytes: SERVICE_OUTPUT_BYTES });
    }
  } catch (err) {
    // The host's session is down: the host's card says why; the service only that it waits.
    return {
      ok: false,
      problem: 'host-down',
      message: `The host is not reachable: ${(err as Error).message}`,
      pollMs: null,
    };
  }
  const pollMs = performance.now() - started;
  const r = readAnswer(driver, cfg, out, prev, now, pollMs, timeoutMs);
  if (!clientFailed) return r;
  if (r.ok) {
    const note =
      `${clientFailed.path} could not be run (${clientFailed.why}), so this poll and the next ones use ` +
      `${argv0(argvWith(null))} from the PATH, which may be slower (Debian's /usr/bin/psql is a Perl wrapper). ` +
      `If sudo refused it, allow ${clientFailed.path} too in the host's sudoers line.`;
    r.derived.reading.notes.push(note);
  }
  return { ...r, clientFailed };
}

/** The client's name in an argv (after a sudo prefix). */
function argv0(argv: string[]): string {
  return argv[0] === 'sudo' ? (argv[4] ?? 'the client') : (argv[0] ?? 'the client');
}

/**
 * Whether a run failed because its client path cannot be run: not found (exit 127, "not found",
 * ENOENT, no such file naming the path) or refused by sudo (a sudoers line allowing only the
 * bare name: sudo asks for a password or names the path as not allowed).
 */
export function clientUnusable(out: RunOutput, path: string): boolean {
  if (out.exitCode === 127) return true;
  const err = out.stderr;
  if (/a password is required/i.test(err)) return true;
  return err.includes(path) && /not found|No such file|not allowed to|Permission denied|ENOENT/i.test(err);
}

function readAnswer(
  driver: ServiceDriver<unknown>,
  cfg: ServiceConfig,
  out: RunOutput,
  prev: PrevSnapshot | null,
  now: () => number,
  pollMs: number,
  timeoutMs: number,
): PollResult {
  if (out.timedOut) {
    return {
      ok: false,
      problem: 'timeout',
      message: `No answer within ${timeoutMs / 1000} s; the service or the host is overloaded, or the client hangs.`,
      pollMs,
    };
  }
  if (out.truncated) {
    return {
      ok: false,
      problem: 'garbage',
      message: 'The answer was larger than 16 MiB and was cut; not read.',
      pollMs,
    };
  }
  try {
    const snap = driver.parse(out, cfg);
    const ts = now();
    const derived = driver.derive(prev?.snap ?? null, snap, {
      serviceId: cfg.id,
      ts,
      elapsedMs: prev ? ts - prev.ts : 0,
      pollMs,
    });
    return { ok: true, derived, snap, pollMs };
  } catch (err) {
    if (err instanceof ServiceProblemError)
      return { ok: false, problem: err.problem, message: err.message, pollMs };
    return {
      ok: false,
      problem: 'garbage',
      message: `The client's answer could not be read (${(err as Error).message}).`,
      pollMs,
    };
  }
}

/** A reading's values as stored points: known metric names only, finite values only. */
export function readingPoints(r: ServiceReading): FlatPoint[] {
  const out: FlatPoint[] = [
    ['svc.up', '', 1],
    ['svc.poll_ms', '', r.pollMs],
  ];
  for (const [name, v] of Object.entries(r.metrics)) {
    if (name === 'svc.up' || name === 'svc.poll_ms') continue; // the watch's own, above
    if (v != null && Number.isFinite(v) && name in METRICS) out.push([name as MetricName, '', v]);
  }
  for (const [name, label, v] of r.labelled) {
    if (Number.isFinite(v) && name in METRICS) out.push([name as MetricName, label.slice(0, 200), v]);
  }
  return out;
}
