import type { TimelineEntry } from '../../../shared/incidents';
import { BUILTIN_CHECKS } from '../diagnostics/checks';
import { runCheck } from '../diagnostics/diagnostics';
import type { EngineContext } from '../core/context';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'clock' | 'hosts' | 'store'>;

/** Diagnostic output kept in the timeline: enough to read, not a log file. */
const OUTPUT_CHARS = 20_000;

/**
 * Runs a checklist step's diagnostic (over SSH, or here for the local host) and returns the
 * timeline entry: what it printed, or why it could not run. A failure is an entry, not an
 * error: the tick itself stands, and the responder sees why the output is missing.
 */
export async function stepDiagnostic(
  engine: Deps,
  check: string,
  hostId: string | undefined,
  by: string,
): Promise<Omit<TimelineEntry, 'id'>> {
  const title = BUILTIN_CHECKS.find((c) => c.id === check)?.title ?? check;
  const entry = { kind: 'diagnostic', who: by } as const;
  if (!hostId) {
    const text = `${title} not run: the incident names no host. Add one, or tick the step with a host.`;
    return { ...entry, ts: engine.clock.now(), text, data: { check } };
  }
  try {
    const r = await runCheck(engine, { hostId, check, confirmed: false });
    const name = engine.hosts.get(hostId).host.name;
    return {
      ...entry,
      ts: engine.clock.now(),
      text: `${title} on ${name}: exit ${r.exitCode ?? 'none'} in ${Math.round(r.durationMs)} ms`,
      data: {
        hostId,
        check,
        command: r.command,
        exitCode: r.exitCode,
        stdout: r.stdout.slice(0, OUTPUT_CHARS),
        stderr: r.stderr.slice(0, OUTPUT_CHARS / 4),
        truncated: r.truncated || r.stdout.length > OUTPUT_CHARS,
      },
    };
  } catch (err) {
    const text = `${title} on ${hostId} failed: ${(err as Error).message}`;
    return { ...entry, ts: engine.clock.now(), text, data: { hostId, check } };
  }
}
