import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMeminfo, parseMounts, parseNetDev, parseProcStat } from '../procfs/parse';
import { parseDf, parsePollOutput, POLL_SCRIPT, PollOutputError, PSEUDO_FS } from './pollScript';

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

  it.each(SHELLS)('sends under %s only what the parsers read, and they read the same from it', (shell) => {
    const poll = parsePollOutput(runLocally(shell), 'p1');
    const local = (f: string): string => readFileSync(`/proc/${f}`, 'latin1');
    expect(parseProcStat(poll.texts.stat).cores).toBe(parseProcStat(local('stat')).cores);
    expect(poll.texts.stat).not.toMatch(/^intr /m);
    const mem = parseMeminfo(poll.texts.meminfo);
    const localMem = parseMeminfo(local('meminfo'));
    expect([mem.totalBytes, mem.swapTotalBytes]).toEqual([localMem.totalBytes, localMem.swapTotalBytes]);
    expect(poll.texts.meminfo.split('\n').length).toBeLessThanOrEqual(8);
    expect(parseNetDev(poll.texts.netdev).map((n) => n.iface)).toEqual(
      parseNetDev(local('net/dev')).map((n) => n.iface),
    );
    const reply = runLocally(shell);
    const mounts = reply.slice(reply.indexOf('@@GB:FILE mounts\n') + 17, reply.indexOf('@@GB:PROCS'));
    expect(parseMounts(mounts)).toEqual(parseMounts(local('mounts')));
  });

  it('leaves out of /proc/mounts only filesystem types the parser would drop anyway', () => {
    const mounts = PSEUDO_FS.map((fs, i) => `dev${i} /m${i} ${fs} rw 0 0`).join('\n');
    expect(parseMounts(mounts)).toEqual([]);
    expect(parseMounts('/dev/sda1 / ext4 rw 0 0\noverlay / overlay rw 0 0')).toHaveLength(2);
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
