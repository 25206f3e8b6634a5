import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

export const TEST_USER = 'gbtest';

/**
 * The account test sessions log in as. Running as root, a dedicated system user with /bin/sh
 * and an empty home: root's own shell start-up (here ~/.bashrc runs `pyenv init`, which waits
 * on a lock that a killed session can leave behind) must not decide whether tests pass.
 * Without root, sshd cannot switch users anyway, so the current user is used.
 */
export function testUser(): string {
  if (process.getuid?.() !== 0) return userInfo().username;
  try {
    execFileSync('id', ['-u', TEST_USER], { stdio: 'ignore' });
  } catch {
    execFileSync(
      'useradd',
      ['--system', '--shell', '/bin/sh', '--create-home', '--home-dir', `/var/lib/${TEST_USER}`, TEST_USER],
      {
        stdio: 'ignore',
      },
    );
    // useradd locks the password with "!", and sshd (without PAM) refuses locked accounts even
    // for key logins; "*" means "no password" without locking.
    execFileSync('usermod', ['-p', '*', TEST_USER], { stdio: 'ignore' });
  }
  return TEST_USER;
}
