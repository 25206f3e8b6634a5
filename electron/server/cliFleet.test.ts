import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type TestSshd } from '../engine/ssh/testing/sshd';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
let dir: string;
let sshd: TestSshd;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-clifleet-'));
  sshd = await startSshd();
}, 30_000);
afterAll(async () => {
  await sshd.stop();
  rmSync(dir, { recursive: true, force: true });
});

// HOME points at an empty folder so the user's own ~/.ssh (keys, known_hosts) stays out of it.
const gb = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args, '--data-dir', join(dir, 'data')], {
    encoding: 'utf8',
    env: { ...process.env, HOME: dir, SSH_AUTH_SOCK: '' },
    timeout: 60_000,
  });

describe('greenboard hosts / poll / diag against a real sshd', () => {
  it('adds a host, refuses to poll it until its key is trusted, then polls it', () => {
    const add = gb(
      'hosts',
      'add',
      'web-1',
      '--ssh',
      `${sshd.user}@127.0.0.1:${sshd.port}`,
      '--identity',
      sshd.clientKeyPath,
      '--tag',
      'prod',
    );
    expect(add.status, add.stderr).toBe(0);
    const list = gb('hosts', 'list', '--json');
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({
        name: 'web-1',
        tags: ['prod'],
        ssh: expect.objectContaining({ port: sshd.port }),
      }),
    );

    const before = gb('poll', 'web-1');
    expect(before.status).toBe(1);
    expect(before.stderr).toContain(`not trusted yet: ssh-ed25519 ${sshd.hostKeyFingerprint}`);

    const wrong = gb('hosts', 'trust', 'web-1', '--fingerprint', `SHA256:${'B'.repeat(43)}`);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/presents ssh-ed25519 SHA256:.*not SHA256:B/);

    const trust = gb('hosts', 'trust', 'web-1', '--fingerprint', sshd.hostKeyFingerprint);
    expect(trust.status, trust.stderr).toBe(0);

    const poll = gb('poll', 'web-1', 'local', '--json');
    expect(poll.status, poll.stderr).toBe(0);
    const entries = JSON.parse(poll.stdout) as {
      host: { id: string };
      latest: { mem: { totalBytes: number }; cpu: { busyPct: number } };
    }[];
    expect(entries.map((e) => e.host.id).sort()).toEqual(['local', 'web-1']);
    const web = entries.find((e) => e.host.id === 'web-1');
    expect(web?.latest.mem.totalBytes).toBeGreaterThan(0);
    expect(web?.latest.cpu.busyPct).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('runs diagnostics by name and exits non-zero for an unknown host', () => {
    const list = gb('diag', 'web-1');
    expect(list.stdout).toMatch(/^disk-usage\s+Disk usage per mount$/m);
    const df = gb('diag', 'web-1', 'disk-usage');
    expect(df.status, df.stderr).toBe(0);
    expect(df.stdout).toMatch(/^Filesystem/);
    const missing = gb('poll', 'nope');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No host named "nope"');
  }, 60_000);

  it('imports Host entries from an ssh_config, with ProxyJump and skips it explains', () => {
    expect(gb('hosts', 'add', 'web-2', '--ssh', 'root@192.0.2.1').status).toBe(0);
    const cfg = join(dir, 'ssh_config');
    writeFileSync(
      cfg,
      [
        'Host bastion',
        '  HostName 10.1.0.1',
        '  User ops',
        'Host db-*',
        '  User postgres',
        'Host db-1',
        '  HostName 10.1.0.5',
        '  Port 2222',
        '  ProxyJump bastion',
        '  IdentityFile ~/.ssh/db_key',
        'Host web-2',
        '  HostName 1.2.3.4',
        'Host evil',
        '  HostName 10.1.0.9',
        '  User a;$(id)`id`',
        '',
      ].join('\n'),
    );
    const r = gb('hosts', 'import', cfg);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Added 2 host(s): bastion, db-1');
    expect(r.stdout).toContain('Skipped web-2: already on the board');
    // Checked as hosts:add checks a host: refused with the field and why, and not stored.
    expect(r.stdout).toContain('Refused evil: ssh.user: not a valid user name');
    const hosts = JSON.parse(gb('hosts', 'list', '--json').stdout) as {
      name: string;
      ssh?: {
        user: string;
        host: string;
        port: number;
        identityFile?: string;
        jump?: { user: string; host: string };
      };
    }[];
    expect(hosts.map((h) => h.name)).not.toContain('evil');
    const db = hosts.find((h) => h.name === 'db-1');
    expect(db?.ssh).toMatchObject({
      user: 'postgres',
      host: '10.1.0.5',
      port: 2222,
      identityFile: '~/.ssh/db_key',
      jump: { user: 'ops', host: '10.1.0.1' },
    });
    expect(gb('hosts', 'remove', 'bastion').status).toBe(0);
  }, 60_000);
});
