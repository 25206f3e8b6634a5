import { GreenboardError } from '../../../shared/errors';
import { controlCharProblem } from '../../../shared/safeText';
import type { DiagCheck, DiagResult, SavedCommand } from '../../../shared/schemas';
import type { EngineContext } from '../core/context';
import type { Handlers } from '../core/slices';
import { asLinkRefusal, refuseIfDown } from '../linkRefusal';
import { shellCommand } from '../ssh/shellQuote';
import { BUILTIN_CHECKS, describeCheck } from './checks';
import { runLocal } from './runLocal';
import { deleteSavedCommand, describeStored, readSavedCommands, storeSavedCommand } from './savedCommands';

/** What this part of the engine uses of it. */
export type DiagDeps = Pick<EngineContext, 'clock' | 'hosts' | 'store'>;

const DIAG_TIMEOUT_MS = 20_000;

export function listChecks(engine: DiagDeps, hostId: string): DiagCheck[] {
  engine.hosts.get(hostId);
  return [...BUILTIN_CHECKS.map(describeCheck), ...readSavedCommands(engine.store).map(describeStored)];
}

export function saveCommand(engine: DiagDeps, c: SavedCommand): DiagCheck {
  storeSavedCommand(engine.store, c);
  return describeStored({ name: c.name, command: c, disabled: null });
}

export function deleteCommand(engine: DiagDeps, name: string): { deleted: string } {
  if (!deleteSavedCommand(engine.store, name))
    throw new GreenboardError('not_found', `No saved command named "${name}".`);
  return { deleted: name };
}

/**
 * Runs one diagnostic on a host (over SSH, or here for the local host) and records it: host,
 * command, when, exit code, duration. Saved commands run only with `confirmed`.
 */
export async function runCheck(
  engine: DiagDeps,
  input: { hostId: string; check: string; path?: string; confirmed: boolean },
): Promise<DiagResult> {
  const s = engine.hosts.get(input.hostId);
  let argv: string[];
  let shape: ((out: string) => string) | undefined;
  let title: string;
  if (input.check.startsWith('custom:')) {
    const stored = readSavedCommands(engine.store).find((x) => `custom:${x.name}` === input.check);
    if (!stored) throw new GreenboardError('not_found', `No saved command "${input.check.slice(7)}".`);
    if (!stored.command) throw new GreenboardError('bad_request', stored.disabled);
    const c = stored.command;
    if (!input.confirmed) {
      throw new GreenboardError(
        'conflict',
        `"${c.title}" runs "${shellCommand(c.argv)}" on ${s.host.name}. Confirm to run it.`,
      );
    }
    argv = c.argv;
    title = c.title;
  } else {
    const spec = BUILTIN_CHECKS.find((x) => x.id === input.check);
    if (!spec)
      throw new GreenboardError(
        'not_found',
        `No diagnostic "${input.check}". Known: ${BUILTIN_CHECKS.map((x) => x.id).join(', ')}.`,
      );
    if (input.path !== undefined && !spec.takesPath)
      throw new GreenboardError('bad_request', `${spec.title} takes no path.`);
    // The contract refuses this already; callers inside the engine get the same answer, not a throw from exec.
    const problem = input.path === undefined ? null : controlCharProblem(input.path);
    if (problem) throw new GreenboardError('bad_request', `The path ${problem}.`);
    if (input.path !== undefined && !input.path.startsWith('/'))
      throw new GreenboardError('bad_request', 'The path must be absolute (start with "/").');
    argv = spec.argv(input.path);
    shape = spec.shape;
    title = spec.title;
  }
  const command = shellCommand(argv);
  const retry = `run "${title}" again`;
  const remote = s.collector.remote;
  if (remote) {
    // Answer at once, in the card's words, rather than wait out another connect timeout.
    const down = refuseIfDown(s.host.name, retry, s.collector.link);
    if (down) throw down;
  }
  const startedAt = engine.clock.now();
  const t0 = performance.now();
  const out = remote
    ? await remote.exec(argv, DIAG_TIMEOUT_MS).catch((err: unknown) => {
        throw asLinkRefusal(s.host.name, retry, err);
      })
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

export function commandHistory(engine: DiagDeps, hostId: string, limit: number) {
  engine.hosts.get(hostId);
  return engine.store.remoteCommands(hostId, limit);
}

/** Read-only diagnostics and saved commands, run on a host over its session. */
export function diagHandlers(
  engine: DiagDeps,
): Pick<Handlers, 'diag:checks' | 'diag:run' | 'diag:save' | 'diag:delete' | 'diag:history'> {
  return {
    'diag:checks': ({ hostId }) => listChecks(engine, hostId),
    'diag:run': (input) => runCheck(engine, input),
    'diag:save': (c) => saveCommand(engine, c),
    'diag:delete': ({ name }) => deleteCommand(engine, name),
    'diag:history': ({ hostId, limit }) => commandHistory(engine, hostId, limit),
  };
}
