// What sudo's and psql's stderr say when a poll got no answer, as a problem with what to do:
// refused (sudo or the login said no), setup (something to install or set), unreachable, timeout.
import type { ServiceConfig } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { ServiceProblemError } from '../types';

const ERROR_LINE = /^(?:psql:[^\n]*?)?(?:ERROR|FATAL):\s*(.*)$/m;

/** Problems that mean no answer at all, from the stderr of sudo and psql. */
export function failure(out: RunOutput, cfg: ServiceConfig): ServiceProblemError | null {
  const err = out.stderr;
  const where = `${cfg.socketDir ?? '/var/run/postgresql'} port ${cfg.port}`;
  if (/a password is required|is not allowed to (?:execute|run)|not in the sudoers/i.test(err)) {
    return new ServiceProblemError(
      'refused',
      `sudo refused to run psql as ${cfg.osUser ?? '?'}. Allow it without a password, e.g. in /etc/sudoers.d/greenboard: ` +
        `"LOGIN_USER ALL=(${cfg.osUser ?? 'postgres'}) NOPASSWD: /usr/bin/psql, /usr/lib/postgresql/*/bin/psql" ` +
        "(the second, the server's own psql, saves Debian's wrapper script on every poll).",
    );
  }
  if (/sudo: unknown user/i.test(err)) {
    return new ServiceProblemError(
      'setup',
      `There is no OS user "${cfg.osUser ?? ''}" on the host: set the service's OS user.`,
    );
  }
  if (/sudo: (?:command )?not found|spawn sudo ENOENT/i.test(err)) {
    return new ServiceProblemError(
      'setup',
      'sudo is not installed on the host: install it, or clear the OS user to run psql as the login user.',
    );
  }
  if (/psql: (?:command )?not found|spawn psql ENOENT/i.test(err)) {
    return new ServiceProblemError(
      'setup',
      'psql is not installed on the host (Debian/Ubuntu: postgresql-client).',
    );
  }
  if (out.exitCode === null && /stopped after/.test(err)) {
    return new ServiceProblemError(
      'timeout',
      'PostgreSQL did not answer the poll in time; the server may be overloaded.',
    );
  }
  if (/Peer authentication failed|password authentication failed|no pg_hba\.conf entry/i.test(err)) {
    return new ServiceProblemError(
      'refused',
      `PostgreSQL refused the login: ${firstError(err)}. Peer access needs the service's OS user to match a database role.`,
    );
  }
  if (/database "[^"]*" does not exist|role "[^"]*" does not exist/i.test(err)) {
    return new ServiceProblemError('setup', `${firstError(err)}: set the service's database or OS user.`);
  }
  if (
    /server closed the connection|connection to server was lost|terminating connection|the database system is (?:shutting down|starting up|in recovery mode)/i.test(
      err,
    )
  ) {
    return new ServiceProblemError(
      'unreachable',
      `PostgreSQL on ${where} went away during the poll (stopped or restarting).`,
    );
  }
  if (
    /could not connect|connection to server .* failed|Connection refused|No such file or directory/i.test(err)
  ) {
    return new ServiceProblemError(
      'unreachable',
      `PostgreSQL is not running on ${where} (no server answers there).`,
    );
  }
  return null;
}

export function firstError(err: string): string {
  const m = ERROR_LINE.exec(err);
  return (m?.[1] ?? err.split('\n').find((l) => l.trim()) ?? 'no message').trim().slice(0, 300);
}
