import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLogger } from '../engine/log/fileLogger';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-cli-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('greenboard logs', () => {
  it('prints the log readably, warnings and worse with --level warn, stacks indented', () => {
    const dataDir = join(dir, 'levels');
    const log = createFileLogger({ dataDir });
    log.info('Greenboard started (headless)', { hosts: 2 });
    log.warn('poll of db-1 failed: timed out', { hostId: 'db-1' });
    log.error('hosts:list failed: boom', { method: 'hosts:list', err: new Error('boom') });
    log.close();

    const all = spawnSync(process.execPath, [BIN, 'logs', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO {2}Greenboard started \(headless\) {2}hosts=2$/m,
    );

    const r = spawnSync(process.execPath, [BIN, 'logs', '--level', 'warn', '--data-dir', dataDir], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/ WARN {2}poll of db-1 failed: timed out {2}hostId=db-1$/);
    expect(lines[1]).toMatch(/ ERROR hosts:list failed: boom {2}method=hosts:list$/);
    expect(lines[2]).toBe('    Error: boom');
    expect(lines[3]).toMatch(/^ {4}at .*cliLogs\.test\.ts/);
    expect(r.stdout).not.toContain('Greenboard started');
  }, 30_000);

  it('says where the log would be when there is none yet, and refuses an unknown level', () => {
    const r = spawnSync(process.execPath, [BIN, 'logs', '--data-dir', join(dir, 'none')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no log yet at ${join(dir, 'none', 'logs', 'greenboard.log')}`);
    const bad = spawnSync(process.execPath, [BIN, 'logs', '--level', 'loud', '--data-dir', dir], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--level must be one of debug, info, warn, error');
  }, 30_000);

  it('--follow prints what was there, then each new line as it is written, until stopped', async () => {
    const dataDir = join(dir, 'follow');
    const log = createFileLogger({ dataDir, maxBytes: 1_000, files: 5 });
    log.info('already there');
    const child = spawn(process.execPath, [BIN, 'logs', '--follow', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const waitFor = (pred: () => boolean, what: string): Promise<void> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (pred()) {
            child.stdout.off('data', check);
            child.stderr.off('data', check);
            child.off('exit', onExit);
            resolve();
          }
        };
        const onExit = (): void => reject(new Error(`exited before ${what}; stdout: ${out}; stderr: ${err}`));
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.once('exit', onExit);
        check();
      });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      // Printed by the follower's first read: from here on it is watching.
      await waitFor(() => out.includes('already there'), 'the existing line');
      log.warn('written while following', { hostId: 'web-1' });
      await waitFor(() => out.includes('written while following'), 'the new line');
      // Past a rotation: the follower moves on to the new file.
      for (let i = 0; i < 8; i++) log.info(`after rotation ${i}`, { pad: 'p'.repeat(150) });
      await waitFor(() => out.includes('after rotation 7'), 'the lines after rotating');
      for (let i = 0; i < 8; i++) expect(out).toContain(`after rotation ${i}`);
    } finally {
      log.close();
      child.kill('SIGTERM');
    }
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
  }, 30_000);
});
