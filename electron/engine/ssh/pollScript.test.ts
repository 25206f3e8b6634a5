import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMeminfo } from '../procfs/parse';
import { parseDf, parsePollOutput, POLL_SCRIPT, PollOutputError } from './pollScript';

const SHELLS = ['/bin/sh', '/bin/dash', '/bin/bash', '/bin/busybox'].filter((s) => existsSync(s));

function runLocally(shell: string): string {
  const args = shell.endsWith('busybox') ? ['sh', '-c'] : ['-c'];
  return execFileSync(shell, [...args, `${POLL_SCRIPT}\ngb_os\ngb_poll p1`], {
    encoding: 'latin1',
    maxBuffer: 8 << 20,
  });
}

describe('poll script', () => {
  it.each(SHELLS)('runs under %s and reads this machine like the local collector does', (shell) => {
    const out = runLocally(shell);
    expect(out).toContain('@@GB:OS Linux');
    const poll = parsePollOutput(out, 'p1');
    expect(parseMeminfo(poll.texts.meminfo).totalBytes).toBe(
      parseMeminfo(readFileSync('/proc/meminfo', 'latin1')).totalBytes,
    );
    expect(poll.texts.stat.split('\n')[0]).toMatch(/^cpu /);
    expect(poll.processCount).toBeGreaterThan(5);
    const root = poll.disks.find((d) => d.mount === '/');
    expect(root?.totalBytes).toBeGreaterThan(0);
  });

  it('rejects an unframed, truncated or foreign reply', () => {
    expect(() => parsePollOutput('garbage\n', 'p1')).toThrow(PollOutputError);
    const out = runLocally('/bin/sh');
    expect(() => parsePollOutput(out.slice(0, out.length / 2), 'p1')).toThrow(PollOutputError);
    expect(() => parsePollOutput(out, 'p2')).toThrow(PollOutputError);
    expect(() => parsePollOutput('@@GB:BEGIN p1\n@@GB:FILE stat\nnope\n@@GB:END p1\n', 'p1')).toThrow(
      /no \/proc\/meminfo/,
    );
  });

  it('keeps data filesystems from df, including mount points with spaces', () => {
    const df = [
      'Filesystem     1024-blocks    Used Available Capacity Mounted on',
      '/dev/sda1         1000000  400000    500000      45% /',
      'tmpfs               10000       0     10000       0% /run',
      '/dev/sdb1          200000  100000    100000      50% /mnt/my disk',
    ].join('\n');
    const mounts =
      '/dev/sda1 / ext4 rw 0 0\ntmpfs /run tmpfs rw 0 0\n/dev/sdb1 /mnt/my\\040disk xfs rw 0 0\n';
    expect(parseDf(df, mounts).map((d) => [d.mount, d.fs, Math.round(d.usedPct)])).toEqual([
      ['/', 'ext4', 44],
      ['/mnt/my disk', 'xfs', 50],
    ]);
  });
});
