import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

/**
 * Lets the test SSH user run one client as a service's user without a password, as an ops
 * team's sudoers line does (`gbtest ALL=(postgres) NOPASSWD: /usr/bin/psql`), in a file of its
 * own under /etc/sudoers.d, checked with visudo before sudo reads it. Returns the undo.
 */
export function allowSudo(user: string, asUser: string, commands: readonly string[]): () => void {
  if (!/^[a-z_][a-z0-9_-]*$/.test(user) || !/^[a-z_][a-z0-9_-]*$/.test(asUser))
    throw new Error(`allowSudo: unusual user name ${user} / ${asUser}`);
  const path = `/etc/sudoers.d/greenboard-test-${user}-${asUser}`;
  const tmp = `${path}.new`;
  writeFileSync(tmp, `${user} ALL=(${asUser}) NOPASSWD: ${commands.join(', ')}\n`, { mode: 0o440 });
  try {
    execFileSync('/usr/sbin/visudo', ['-cf', tmp], { stdio: 'ignore' });
    execFileSync('mv', [tmp, path]);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return () => rmSync(path, { force: true });
}
