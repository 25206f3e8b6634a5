import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../clock';
import { assembleEngine, type Engine } from '../createEngine';
import { parseDiskstats, parseMeminfo } from '../procfs/parse';
import { startSshd, type TestSshd } from './testing/sshd';
import { waitFor } from './testing/waitFor';

// Real OpenSSH sshd processes on 127.0.0.1, a real engine, real timers.
let dir: string;
let engine: Engine;
const servers: TestSshd[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-fleet-'));
  engine = assembleEngine({
    dataDir: dir,
    mode: 'headless',
    logger: silentLogger,
    knownHostsPath: null,
    sshTimeoutMs: 3000,
    localIntervalMs: 60_000,
  });
  engine.start();
});
afterEach(async () => {
  await engine.stop();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function sshd(opts?: Parameters<typeof startSshd>[0]): Promise<TestSshd> {
  const s = await startSshd(opts);
  servers.push(s);
  return s;
}

const entry = (name: string) => engine.hosts.board().find((e) => e.host.id === name);

async function add(
  name: string,
  s: TestSshd,
  extra: { identityFile?: string; jump?: TestSshd; intervalMs?: number } = {},
) {
  await engine.api['hosts:add']({
    name,
    ssh: {
      user: s.user,
      host: s.host,
      port: s.port,
      identityFile: extra.identityFile ?? s.clientKeyPath,
      ...(extra.jump
        ? {
            jump: {
              user: extra.jump.user,
              host: extra.jump.host,
              port: extra.jump.port,
              identityFile: extra.jump.clientKeyPath,
            },
          }
        : {}),
    },
    intervalMs: extra.intervalMs ?? 1000,
    tags: [],
  });
}

async function trust(name: string, s: TestSshd): Promise<void> {
  await add(name, s);
  await waitFor(() => entry(name)?.link.state === 'hostkey_unknown', 'unknown host key');
  await engine.api['hosts:trust']({ hostId: name, fingerprint: s.hostKeyFingerprint });
}

async function trusted(name: string, s: TestSshd): Promise<void> {
  await trust(name, s);
  await waitFor(() => entry(name)?.latest, 'first sample');
}

describe('SSH fleet against a real sshd', () => {
  it('holds an unknown key until trusted, then polls numbers that agree with /proc', async () => {
    const s = await sshd();
    await add('srv', s);
    const e = await waitFor(
      () => (entry('srv')?.link.state === 'hostkey_unknown' ? entry('srv') : null),
      'hostkey_unknown',
    );
    expect(e.link.pendingKey?.fingerprint).toBe(s.hostKeyFingerprint);
    expect(e.link.message).toContain(s.hostKeyFingerprint);
    expect(e.health.state).toBe('grey');
    expect(e.latest).toBeNull();

    await expect(
      engine.api['hosts:trust']({ hostId: 'srv', fingerprint: `SHA256:${'A'.repeat(43)}` }),
    ).rejects.toThrow(/not SHA256:A/);
    const link = await engine.api['hosts:trust']({ hostId: 'srv', fingerprint: s.hostKeyFingerprint });
    expect(link.state).toBe('ok');

    const sample = await waitFor(
      () => (entry('srv')?.latest?.cpu.busyPct != null ? entry('srv')?.latest : null),
      'a sample with rates',
    );
    const local = parseMeminfo(readFileSync('/proc/meminfo', 'latin1'));
    expect(sample.mem.totalBytes).toBe(local.totalBytes);
    expect(sample.cpu.cores).toBe(Number(execFileSync('nproc', { encoding: 'utf8' }).trim()));
    const uptime = Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]);
    expect(Math.abs(sample.uptimeSec - uptime)).toBeLessThan(10);
    const root = sample.disks.find((d) => d.mount === '/');
    expect(root?.totalBytes).toBeGreaterThan(0);
    expect(root?.inodesUsedPct).toBeGreaterThan(0);
    if (parseDiskstats(readFileSync('/proc/diskstats', 'latin1')).ioMs.size > 0)
      expect(sample.diskIo.busyPct).toBeGreaterThanOrEqual(0);
    for (const n of sample.net) expect(n.errPs).toBeGreaterThanOrEqual(0);
    expect(sample.connectMs).toBeGreaterThanOrEqual(0);
    expect(entry('srv')?.link.pollMs).toBeGreaterThan(0);
    expect(['green', 'amber', 'red']).toContain(entry('srv')?.health.state);
  }, 40_000);

  it('trusts a key that ~/.ssh/known_hosts already lists, hashed entries included', async () => {
    const s = await sshd();
    const known = join(dir, 'known_hosts');
    writeFileSync(known, `[127.0.0.1]:${s.port} ${s.hostPublicKey}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', known]);
    expect(readFileSync(known, 'utf8')).toMatch(/^\|1\|/);
    await engine.stop();
    engine = assembleEngine({
      dataDir: dir,
      mode: 'headless',
      logger: silentLogger,
      knownHostsPath: known,
      sshTimeoutMs: 3000,
      localIntervalMs: 60_000,
    });
    engine.start();
    await add('known', s);
    await waitFor(() => entry('known')?.latest, 'a sample without any trust prompt');
    expect(entry('known')?.link.state).toBe('ok');
  }, 30_000);

  it('refuses a changed host key, turns red, and polls again only after re-trust', async () => {
    const s = await sshd();
    await trusted('srv', s);
    const old = s.hostKeyFingerprint;
    await s.rotateHostKey();
    expect(s.hostKeyFingerprint).not.toBe(old);
    const e = await waitFor(
      () => (entry('srv')?.link.state === 'hostkey_changed' ? entry('srv') : null),
      'hostkey_changed',
      20_000,
    );
    expect(e.health.state).toBe('red');
    expect(e.health.reasons[0]).toBe('host key changed');
    const ts = e.latest?.ts;
    await new Promise((r) => setTimeout(r, 2500));
    expect(entry('srv')?.latest?.ts).toBe(ts); // nothing polled meanwhile
    await engine.api['hosts:trust']({ hostId: 'srv', fingerprint: s.hostKeyFingerprint });
    await waitFor(() => (entry('srv')?.latest?.ts ?? 0) > (ts ?? 0), 'polling again after re-trust');
  }, 40_000);

  it('says "auth failed" for a key the server does not accept', async () => {
    const s = await sshd();
    const wrong = join(dir, 'wrong_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong]);
    engine.store.trustKey(
      `[127.0.0.1]:${s.port}`,
      'ssh-ed25519',
      Buffer.from(s.hostPublicKey.split(' ')[1] ?? '', 'base64').toString('base64'),
      s.hostKeyFingerprint,
      0,
    );
    await add('srv', s, { identityFile: wrong });
    const e = await waitFor(
      () => (entry('srv')?.link.state === 'auth_failed' ? entry('srv') : null),
      'auth_failed',
    );
    expect(e.link.message).toMatch(/refused every login/);
    expect(e.health.state).toBe('red');
  }, 30_000);

  it('asks for the passphrase of an encrypted key, keeps it in memory, then connects', async () => {
    const s = await sshd({ encryptedClientKeyPassphrase: 'correct horse' });
    await add('srv', s);
    await waitFor(() => entry('srv')?.link.state === 'hostkey_unknown', 'hostkey_unknown');
    const afterTrust = await engine.api['hosts:trust']({ hostId: 'srv', fingerprint: s.hostKeyFingerprint });
    expect(afterTrust.state).toBe('auth_failed');
    expect(afterTrust.message).toMatch(/encrypted: enter its passphrase/);
    // The UI asks for the passphrase from this field, never from the message's words.
    expect(afterTrust.needs).toBe('passphrase');
    const wrong = await engine.api['hosts:credentials']({ hostId: 'srv', passphrase: 'nope' });
    expect(wrong.message).toMatch(/passphrase .* is wrong/);
    expect(wrong.message).not.toContain('nope');
    expect(wrong.needs).toBe('passphrase');
    const ok = await engine.api['hosts:credentials']({ hostId: 'srv', passphrase: 'correct horse' });
    expect(ok.state).toBe('ok');
    expect(ok.needs).toBeNull();
    const db =
      readFileSync(engine.store.path).toString('latin1') +
      readFileSync(`${engine.store.path}-wal`).toString('latin1');
    expect(db).not.toContain('correct horse');
  }, 30_000);

  it('goes unreachable when sshd dies mid-poll, and recovers when it is back', async () => {
    const s = await sshd();
    await trusted('srv', s);
    await s.kill();
    await waitFor(() => entry('srv')?.link.state === 'unreachable', 'unreachable', 20_000);
    expect(entry('srv')?.health.state).toBe('red');
    const before = entry('srv')?.latest?.ts ?? 0;
    await s.restart();
    await waitFor(
      () => entry('srv')?.link.state === 'ok' && (entry('srv')?.latest?.ts ?? 0) > before,
      'recovery',
      30_000,
    );
  }, 60_000);

  it('times out a port that accepts TCP but never speaks, while other hosts keep their interval', async () => {
    const s = await sshd();
    await trusted('good', s);
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      await engine.api['hosts:add']({
        name: 'tarpit',
        ssh: { user: 'root', host: '127.0.0.1', port },
        intervalMs: 1000,
        tags: [],
      });
      const start = entry('good')?.latest?.ts ?? 0;
      const e = await waitFor(
        () => (entry('tarpit')?.link.state === 'timed_out' ? entry('tarpit') : null),
        'timed_out',
        20_000,
      );
      expect(e.link.message).toMatch(/handshake|no SSH server/i);
      // Meanwhile the good host went on being polled about once a second.
      const polled = ((entry('good')?.latest?.ts ?? 0) - start) / 1000;
      expect(polled).toBeGreaterThanOrEqual(2);
    } finally {
      silent.close();
    }
  }, 40_000);

  it('rejects garbage, truncated and huge output with a clear state, and names an unsupported OS', async () => {
    // Fake "servers": a ForceCommand script that answers the poll protocol badly. The test
    // user must be able to read it.
    const fakes = mkdtempSync(join(tmpdir(), 'gb-fakes-'));
    chmodSync(fakes, 0o755);
    const fake = (name: string, body: string): string => {
      const p = join(fakes, `${name}.sh`);
      writeFileSync(p, `while IFS= read -r line; do\n  case "$line" in\n${body}\n  esac\ndone\n`);
      return p;
    };
    const cases: [string, string, string, RegExp][] = [
      [
        'garbage',
        `gb_os) echo '@@GB:OS Linux';; gb_poll*) id=\${line#gb_poll }; printf '@@GB:BEGIN %s\\n@@GB:FILE stat\\nrubbish\\n@@GB:END %s\\n' "$id" "$id";;`,
        'bad_output',
        /no \/proc\/meminfo/,
      ],
      [
        'truncated',
        `gb_os) echo '@@GB:OS Linux';; gb_poll*) id=\${line#gb_poll }; printf '@@GB:BEGIN %s\\n@@GB:FILE stat\\ncpu 1 2' "$id";;`,
        'timed_out',
        /Poll of .* took longer/,
      ],
      [
        'huge',
        `gb_os) echo '@@GB:OS Linux';; gb_poll*) head -c 6000000 /dev/zero | tr '\\\\0' x;;`,
        'bad_output',
        /exceeded 4 MiB/,
      ],
      ['freebsd', `gb_os) echo '@@GB:OS FreeBSD';;`, 'unsupported_os', /Unsupported OS .*FreeBSD/],
    ];
    for (const [name, body, state, message] of cases) {
      const s = await sshd({ extraConfig: `ForceCommand /bin/sh ${fake(name, body)}` });
      await trust(name, s);
      const e = await waitFor(
        () => (entry(name)?.link.state === state ? entry(name) : null),
        `${name} → ${state}`,
        20_000,
      );
      expect(e.link.message).toMatch(message);
      expect(e.health.state).toBe('red');
    }
    rmSync(fakes, { recursive: true, force: true });
  }, 120_000);

  it('polls through a jump host, verifying the bastion key too', async () => {
    const bastion = await sshd();
    const target = await sshd();
    await add('inner', target, { jump: bastion });
    const first = await waitFor(
      () => (entry('inner')?.link.state === 'hostkey_unknown' ? entry('inner') : null),
      'bastion key unknown',
    );
    expect(first.link.pendingKey?.fingerprint).toBe(bastion.hostKeyFingerprint);
    await engine.api['hosts:trust']({ hostId: 'inner', fingerprint: bastion.hostKeyFingerprint });
    const second = await waitFor(
      () =>
        entry('inner')?.link.pendingKey?.fingerprint === target.hostKeyFingerprint ? entry('inner') : null,
      'target key unknown',
    );
    expect(second.link.state).toBe('hostkey_unknown');
    await engine.api['hosts:trust']({ hostId: 'inner', fingerprint: target.hostKeyFingerprint });
    await waitFor(() => entry('inner')?.latest, 'a sample through the bastion');
    expect(entry('inner')?.link.state).toBe('ok');
  }, 40_000);
});
