import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDiskstats, parseMeminfo, parseMounts, parseNetDev, parseProcStat } from '../procfs/parse';
import { parseDf, parsePollOutput, POLL_SCRIPT, PollOutputError, PSEUDO_FS } from './pollScript';

const SHELLS = ['/bin/sh', '/bin/dash', '/bin/bash', '/bin/busybox'].filter((s) => existsSync(s));

/** Runs the script in `shell`; `binDir` goes first on PATH, to swap in another `df`. */
function runLocally(shell: string, binDir?: string): string {
  const args = shell.endsWith('busybox') ? ['sh', '-c'] : ['-c'];
  return execFileSync(shell, [...args, `${POLL_SCRIPT}\ngb_os\ngb_poll p1`], {
    encoding: 'latin1',
    maxBuffer: 8 << 20,
    env: binDir ? { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}` } : process.env,
  });
}

const bins = mkdtempSync(join(tmpdir(), 'gb-df-'));
afterAll(() => rmSync(bins, { recursive: true, force: true }));

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
    // Whole disks only, cut after the I/O time column, and the parser finds the same disks.
    const disks = parseDiskstats(poll.texts.diskstats);
    expect([...disks.ioMs.keys()]).toEqual([...parseDiskstats(local('diskstats')).ioMs.keys()]);
    for (const row of poll.texts.diskstats.split('\n').filter(Boolean)) {
      expect(row.trim().split(/\s+/)).toHaveLength(13);
    }
    expect(parseNetDev(poll.texts.netdev).every((n) => n.errs !== null)).toBe(true);
  });

  it.each(SHELLS)('reports inode use per data mount under %s, as df -i shows it', (shell) => {
    const root = parsePollOutput(runLocally(shell), 'p1').disks.find((d) => d.mount === '/');
    const row = execFileSync('df', ['-P', '-i', '/'], { encoding: 'utf8' }).trim().split('\n')[1] ?? '';
    const [, , used = 0, free = 0] = row.split(/\s+/).map(Number);
    expect(root?.inodesUsedPct).toBeCloseTo((used / (used + free)) * 100, 1);
  });

  it.runIf(existsSync('/bin/busybox'))('reads inodes from BusyBox df -i as well as from GNU df', () => {
    const dir = join(bins, 'busybox');
    mkdirSync(dir, { recursive: true });
    symlinkSync('/bin/busybox', join(dir, 'df'));
    const out = runLocally('/bin/busybox', dir);
    expect(out.slice(out.indexOf('@@GB:DFI'))).toMatch(/^Filesystem\s+Inodes\s+Used\s+Available/m);
    const root = parsePollOutput(out, 'p1').disks.find((d) => d.mount === '/');
    expect(root?.totalBytes).toBeGreaterThan(0);
    expect(root?.inodesUsedPct).toBeGreaterThan(0);
  });

  it('gives null inodes, and still the disks, where df has no -i', () => {
    // A fake df that refuses -i as a BusyBox built without FEATURE_DF_FANCY does; no such
    // build is installed here, so this is the one stand-in.
    const dir = join(bins, 'no-inodes');
    mkdirSync(dir, { recursive: true });
    const real = execFileSync('sh', ['-c', 'command -v df'], { encoding: 'utf8' }).trim();
    const fake = join(dir, 'df');
    writeFileSync(
      fake,
      `#!/bin/sh\ncase " $* " in *" -i "*) echo "df: invalid option -- 'i'" >&2; exit 1 ;; esac\nexec ${real} "$@"\n`,
    );
    chmodSync(fake, 0o755);
    const root = parsePollOutput(runLocally('/bin/sh', dir), 'p1').disks.find((d) => d.mount === '/');
    expect(root?.totalBytes).toBeGreaterThan(0);
    expect(root?.inodesUsedPct).toBeNull();
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

  it('takes inode use from df -i rows (GNU and BusyBox headers), null where there is no inode limit', () => {
    const df = [
      'Filesystem     1024-blocks    Used Available Capacity Mounted on',
      '/dev/sda1         1000000  400000    500000      45% /',
      '/dev/sdb1          200000  100000    100000      50% /mnt/my disk',
      '/dev/sdc1          300000  100000    200000      34% /srv',
      '/dev/sdd1          300000  100000    200000      34% /boot/efi',
    ].join('\n');
    const gnu = [
      'Filesystem       Inodes  IUsed    IFree IUse% Mounted on',
      '/dev/sda1        655360 491520   163840   75% /',
      '/dev/sdb1         10000    100     9900    1% /mnt/my disk',
      '/dev/sdc1             0      0        0     - /srv',
      '/dev/sdd1             0      0        0     - /boot/efi',
      'tmpfs            100000      1    99999    1% /run',
    ].join('\n');
    const busybox = gnu
      .replace('Inodes  IUsed    IFree IUse%', 'Inodes      Used Available Capacity')
      .replaceAll(' - /', ' 0% /');
    const mounts = [
      '/dev/sda1 / ext4 rw 0 0',
      '/dev/sdb1 /mnt/my\\040disk xfs rw 0 0',
      '/dev/sdc1 /srv btrfs rw 0 0',
      '/dev/sdd1 /boot/efi vfat rw 0 0',
      'tmpfs /run tmpfs rw 0 0',
    ].join('\n');
    for (const dfi of [gnu, busybox]) {
      expect(parseDf(df, mounts, dfi).map((d) => [d.mount, d.inodesUsedPct])).toEqual([
        ['/', 75],
        ['/mnt/my disk', 1],
        ['/srv', null],
        ['/boot/efi', null],
      ]);
    }
    expect(parseDf(df, mounts).every((d) => d.inodesUsedPct === null)).toBe(true);
  });
});
