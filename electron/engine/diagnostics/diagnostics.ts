import { GreenboardError } from '../../../shared/errors';
import type { DiagCheck, DiagResult } from '../../../shared/schemas';
import type { Greenboard } from '../engine';
import { SshCollector } from '../ssh/sshCollector';
import { shellCommand } from '../ssh/shellQuote';
import { BUILTIN_CHECKS, describeCheck, describeSaved, type SavedCommand } from './checks';
import { runLocal } from './runLocal';

const DIAG_TIMEOUT_MS = 20_000;
const SAVED_KEY = 'diag.saved';

function saved(engine: Greenboard): SavedCommand[] {
  return engine.store.getSetting<SavedCommand[]>(SAVED_KEY) ?? [];
}

export function listChecks(engine: Greenboard, hostId: string): DiagCheck[] {
  engine.hostState(hostId);
  return [...BUILTIN_CHECKS.map(describeCheck), ...saved(engine).map(describeSaved)];
}

export function saveCommand(engine: Greenboard, c: SavedCommand): DiagCheck {
  engine.store.setSetting(SAVED_KEY, [...saved(engine).filter((x) => x.name !== c.name), c]);
  return describeSaved(c);
}

export function deleteCommand(engine: Greenboard, name: string): { deleted: string } {
  const all = saved(engine);
  if (!all.some((c) => c.name === name))
    throw new GreenboardError('not_found', `No saved command named "${name}".`);
  engine.store.setSetting(
    SAVED_KEY,
    all.filter((c) => c.name !== name),
  );
  return { deleted: name };
}

/**
 * Runs one diagnostic on a host (over SSH, or here for the local host) and records it: host,
 * command, when, exit code, duration. Saved commands run only with `confirmed`.
 */
export async function runCheck(
  engine: Greenboard,
  input: { hostId: string; check: string; path?: string; confirmed: boolean },
): Promise<DiagResult> {
  const s = engine.hostState(input.hostId);
  let argv: string[];
  let shape: ((out: string) => string) | undefined;
  if (input.check.startsWith('custom:')) {
    const c = saved(engine).find((x) => `custom:${x.name}` === input.check);
    if (!c) throw new GreenboardError('not_found', `No saved command "${input.check.slice(7)}".`);
    if (!input.confirmed) {
      throw new GreenboardError(
        'conflict',
        `"${c.title}" runs "${shellCommand(c.argv)}" on ${s.host.name}. Confirm to run it.`,
      );
    }
    argv = c.argv;
  } else {
    const spec = BUILTIN_CHECKS.find((x) => x.id === input.check);
    if (!spec)
      throw new GreenboardError(
        'not_found',
        `No diagnostic "${input.check}". Known: ${BUILTIN_CHECKS.map((x) => x.id).join(', ')}.`,
      );
    if (input.path !== undefined && !spec.takesPath)
      throw new GreenboardError('bad_request', `${spec.title} takes no path.`);
    if (input.path !== undefined && !input.path.startsWith('/'))
      throw new GreenboardError('bad_request', 'The path must be absolute (start with "/").');
    argv = spec.argv(input.path);
    shape = spec.shape;
  }
  const command = shellCommand(argv);
  const startedAt = engine.clock.now();
  const t0 = performance.now();
  const out =
    s.collector instanceof SshCollector
      ? await s.collector.exec(argv, DIAG_TIMEOUT_MS)
      : await runLocal(argv, DIAG_TIMEOUT_MS);
  const durationMs = performance.now() - t0;
  engine.store.recordRemoteCommand(s.host.id, startedAt, command, out.exitCode, durationMs);
  return {
    hostId: s.host.id,
    check: input.check,
    command,
    startedAt,
    durationMs,
    exitCode: out.exitCode,
    // du exits 1 when a few directories are unreadable; its other lines are still worth sorting.
    stdout: shape && out.stdout.trim() ? shape(out.stdout) : out.stdout,
    stderr: out.stderr,
    truncated: out.truncated,
  };
}

export function commandHistory(engine: Greenboard, hostId: string, limit: number) {
  engine.hostState(hostId);
  return engine.store.remoteCommands(hostId, limit);
}
