import type { FlatPoint, MetricName } from '../../../shared/metrics';
import { METRICS } from '../../../shared/metrics';
import type { ServiceConfig, ServiceProblem, ServiceReading } from '../../../shared/services';
import type { RemoteExec, RunOutput } from '../collectors/types';
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

export type PollResult =
  | { ok: true; derived: Derived; snap: unknown; pollMs: number }
  | { ok: false; problem: ServiceProblem; message: string; pollMs: number | null };

/** How a tunnel poll reaches its service: the host's tunnels, and the password kept for it (if any). */
export interface TunnelAccess {
  opener: TunnelOpener;
  secret: string | null;
}

/** One answer, by the way the service is reached: the client on the host, or a driver through a tunnel. */
async function answer(
  driver: ServiceDriver<unknown>,
  cfg: ServiceConfig,
  ask: PollAsk,
  runner: RemoteExec,
  tunnel: TunnelAccess | undefined,
  timeoutMs: number,
): Promise<RunOutput> {
  if (cfg.via === 'tunnel') {
    if (!tunnel)
      throw new ServiceProblemError(
        'setup',
        'This host cannot open tunnels: read the service through its client (peer).',
      );
    return await runTunnel(cfg, ask, tunnel.opener, tunnel.secret, timeoutMs);
  }
  let argv: string[];
  try {
    argv = driver.command(cfg, ask);
  } catch (err) {
    throw new ServiceProblemError('setup', (err as Error).message);
  }
  return runner.exec(argv, timeoutMs, { maxBytes: SERVICE_OUTPUT_BYTES });
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
  ask: { textsFor: readonly string[] },
  now: () => number,
  tunnel?: TunnelAccess,
): Promise<PollResult> {
  const timeoutMs = Math.min(SERVICE_TIMEOUT_MS, Math.max(2_000, cfg.intervalMs - 1_000));
  const pollAsk: PollAsk = { textsFor: ask.textsFor.slice(0, 50), longQuerySec: cfg.longQuerySec };
  const started = performance.now();
  let out;
  try {
    out = await answer(driver, cfg, pollAsk, runner, tunnel, timeoutMs);
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
  const pollMs = performance.now() - started;
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
