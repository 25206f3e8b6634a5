import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promised } from '../api';
import { systemClock } from '../clock';
import { coreHandlers } from '../core/handlers';
import { fleetHandlers } from '../fleetHandlers';
import { startSshd, type TestSshd } from '../ssh/testing/sshd';
import { waitFor } from '../ssh/testing/waitFor';
import { sshTestContext, type SshTestContext } from '../testing/sshContext';
import { diagHandlers } from './diagnostics';

// Diagnostics over a real SSH connection, and on this machine for the local host: the board with
// the engine's own collectors, and the slices that add and trust a host, list its processes and
// run its diagnostics.
let dir: string;
let ctx: SshTestContext;
let engine: { hosts: SshTestContext['hosts']; api: ReturnType<typeof slices> };
let sshd: TestSshd;

function slices(c: SshTestContext) {
  const core = coreHandlers({ ...c, opts: { mode: 'headless' } });
  return promised({
    ...fleetHandlers(c),
    ...diagHandlers(c),
    'processes:top': core['processes:top'],
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-diag-'));
  sshd = await startSshd();
  ctx = sshTestContext({
    dataDir: dir,
    clock: systemClock,
    sshTimeoutMs: 5000,
    settings: { localIntervalMs: 60_000 },
    local: true,
  });
  engine = { hosts: ctx.hosts, api: slices(ctx) };
  ctx.hosts.start();
  await engine.api['hosts:add']({
    name: 'srv',
    ssh: { user: sshd.user, host: sshd.host, port: sshd.port, identityFile: sshd.clientKeyPath },
    intervalMs: 2000,
    tags: [],
  });
  await waitFor(
    () => engine.hosts.board().find((e) => e.host.id === 'srv')?.link.state === 'hostkey_unknown',
    'unknown key',
  );
  await engine.api['hosts:trust']({ hostId: 'srv', fingerprint: sshd.hostKeyFingerprint });
}, 30_000);

afterAll(async () => {
  await ctx.close();
  await sshd.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('remote diagnostics', () => {
  it('lists the built-in checks with the exact command each runs', async () => {
    const checks = await engine.api['diag:checks']({ hostId: 'srv' });
    expect(checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'top-cpu',
        'top-mem',
        'disk-usage',
        'largest-dirs',
        'listening-ports',
        'failed-units',
        'journal-errors',
        'memory-pressure',
        'kernel-errors',
      ]),
    );
    expect(checks.find((c) => c.id === 'disk-usage')?.command).toBe("'df' '-hP'");
  });

  it('runs a check over SSH and records it in the command history', async () => {
    const r = await engine.api['diag:run']({ hostId: 'srv', check: 'disk-usage', confirmed: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Filesystem/);
    const history = await engine.api['diag:history']({ hostId: 'srv', limit: 10 });
    expect(history[0]).toMatchObject({ hostId: 'srv', command: "'df' '-hP'", exitCode: 0 });
    expect(history[0]?.durationMs).toBeGreaterThan(0);
  }, 20_000);

  it('passes a hostile path as one argument: nothing else runs', async () => {
    const marker = join(tmpdir(), `gb-pwned-${process.pid}`);
    const r = await engine.api['diag:run']({
      hostId: 'srv',
      check: 'largest-dirs',
      path: `/nonexistent; touch ${marker}; $(touch ${marker})`,
      confirmed: false,
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/No such file/);
    expect(existsSync(marker)).toBe(false);
    expect(r.command).toContain(`'/nonexistent; touch ${marker}; $(touch ${marker})'`);
  }, 20_000);

  it('sorts the largest directories under a path', async () => {
    const r = await engine.api['diag:run']({
      hostId: 'srv',
      check: 'largest-dirs',
      path: '/usr',
      confirmed: false,
    });
    expect(r.stdout.split('\n')[0]).toMatch(/MiB {2}\/usr$/);
  }, 30_000);

  it('runs a saved command only after confirmation', async () => {
    await engine.api['diag:save']({ name: 'uptime', title: 'Uptime', argv: ['cat', '/proc/uptime'] });
    await expect(
      engine.api['diag:run']({ hostId: 'srv', check: 'custom:uptime', confirmed: false }),
    ).rejects.toThrow(/Confirm to run it/);
    const r = await engine.api['diag:run']({ hostId: 'srv', check: 'custom:uptime', confirmed: true });
    expect(r.stdout).toMatch(/^\d+\.\d+ \d+\.\d+/);
    await engine.api['diag:delete']({ name: 'uptime' });
  }, 20_000);

  it('lists top processes of a remote host', async () => {
    const top = await engine.api['processes:top']({ hostId: 'srv', by: 'memory', limit: 5 });
    expect(top.length).toBe(5);
    expect(top[0]?.memRssBytes).toBeGreaterThanOrEqual(top[4]?.memRssBytes ?? 0);
  }, 20_000);

  it('runs the same checks on this machine without a shell', async () => {
    const r = await engine.api['diag:run']({ hostId: 'local', check: 'memory-pressure', confirmed: false });
    expect(r.stdout).toMatch(/MemTotal/);
    await expect(
      engine.api['diag:run']({ hostId: 'local', check: 'rm-rf', confirmed: true }),
    ).rejects.toThrow(/No diagnostic "rm-rf"/);
  });
});
