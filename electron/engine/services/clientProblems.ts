// The failures every peer-access driver meets before its service says anything: sudo said no,
// the client is not installed, the poll ran out of time. One wording for all kinds, so the card
// tells the user the same next step whichever service it is.
import type { RunOutput } from '../collectors/types';
import { ServiceProblemError } from './types';

/** Throws the problem the run's own envelope shows (sudo, missing client, timeout), if any. */
export function throwRunProblem(out: RunOutput, client: string, osUser: string | null, pkg: string): void {
  const err = out.stderr;
  if (/a password is required|is not allowed to execute|not in the sudoers|may not run sudo/i.test(err)) {
    const who = osUser ?? 'the service user';
    throw new ServiceProblemError(
      'refused',
      `sudo would not run ${client} as ${who} without a password. Add a sudoers line on the host, ` +
        `e.g. "LOGIN ALL=(${who}) NOPASSWD: /usr/bin/${client}" (LOGIN: the user Greenboard signs in as), ` +
        `or set the service's OS user to the login user.`,
    );
  }
  if (/sudo: (command )?not found/.test(err)) {
    throw new ServiceProblemError(
      'setup',
      `sudo is not installed on the host, and the service's OS user is set to ${osUser ?? '?'}: install sudo, or clear the OS user.`,
    );
  }
  if (out.exitCode === 127 || new RegExp(`${client}: (command )?not found`).test(err)) {
    throw new ServiceProblemError(
      'setup',
      `${client} is not installed on the host (install ${pkg}); Greenboard reads the service through it.`,
    );
  }
  if (out.exitCode === null) {
    throw new ServiceProblemError(
      'timeout',
      `${client} did not finish in time${lastLine(err) ? ` (${lastLine(err)})` : ''}: the service or the host is too busy to answer.`,
    );
  }
}

/** The last non-empty line of a stream, cut for a message. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  return (lines.filter((l) => l !== '').pop() ?? '').slice(0, 300);
}

/** A finite number from a counter's text, or null (NaN, empty, junk). */
export function num(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** A per-second rate of a counter over the interval; null on the first poll, a reset or a bad clock. */
export function rate(prev: number | null | undefined, cur: number | null, elapsedMs: number): number | null {
  if (prev === null || prev === undefined || cur === null || !(elapsedMs > 0)) return null;
  const d = cur - prev;
  return d < 0 ? null : (d * 1000) / elapsedMs;
}

/** A counter's growth over the interval, null when it cannot be known (first poll, reset). */
export function delta(prev: number | null | undefined, cur: number | null): number | null {
  if (prev === null || prev === undefined || cur === null) return null;
  const d = cur - prev;
  return d < 0 ? null : d;
}
