import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export const TEST_USER = 'gbtest';
export const BENCH_USER = 'gbbench';

/**
 * The account test sessions log in as. Running as root, a dedicated system user with /bin/sh
 * and an empty home: root's own shell start-up (here ~/.bashrc runs `pyenv init`, which waits
 * on a lock that a killed session can leave behind) must not decide whether tests pass.
 * Without root, sshd cannot switch users anyway, so the current user is used.
 */
export function testUser(): string {
  if (process.getuid?.() !== 0) return userInfo().username;
  ensureUser(TEST_USER, '/bin/sh');
  return TEST_USER;
}

/**
 * The account the benchmark logs in as to price a real login: /bin/bash with the distribution's
 * own start-up files (/etc/skel: .bashrc, .profile, .bash_logout), as `useradd -m` gives any new
 * user. sshd runs each exec as `bash -c <command>`, and Debian's bash then reads ~/.bashrc
 * (SSH_SOURCE_BASHRC). Nothing is added to those files. Without root, the current user.
 */
export function benchUser(): string {
  if (process.getuid?.() !== 0) return userInfo().username;
  const home = ensureUser(BENCH_USER, '/bin/bash');
  for (const f of ['.bashrc', '.profile', '.bash_logout']) {
    const from = join('/etc/skel', f);
    if (existsSync(from) && !existsSync(join(home, f))) copyFileSync(from, join(home, f));
  }
  return BENCH_USER;
}

/** Creates a system user with this login shell unless it exists; returns its home. Idempotent. */
function ensureUser(name: string, shell: string): string {
  const home = `/var/lib/${name}`;
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--shell', shell, '--create-home', '--home-dir', home, name], {
      stdio: 'ignore',
    });
    // useradd locks the password with "!", and sshd (without PAM) refuses locked accounts even
    // for key logins; "*" means "no password" without locking.
    execFileSync('usermod', ['-p', '*', name], { stdio: 'ignore' });
  }
  return home;
}
