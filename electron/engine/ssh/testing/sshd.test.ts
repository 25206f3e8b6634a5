import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Client } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { startSshd, type StartSshdOptions, type TestSshd } from './sshd';

const fingerprint = (key: Buffer) =>
  'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');

interface RunResult {
  stdout: string;
  hostFingerprint: string;
}

/** Connects with the ssh2 client, runs one command, and reports what host key it was shown. */
function run(sshd: TestSshd, command: string, passphrase?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostFingerprint = '';
    client.on('error', reject);
    client.on('ready', () => {
      client.exec(command, (err, stream) => {
        if (err) return reject(err);
        let stdout = '';
        stream.on('data', (d: Buffer) => (stdout += d.toString()));
        stream.stderr.resume();
        stream.on('close', () => {
          client.end();
          resolve({ stdout, hostFingerprint });
        });
      });
    });
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: sshd.clientKey,
      passphrase,
      readyTimeout: 10_000,
      hostVerifier: (key: Buffer) => {
        hostFingerprint = fingerprint(key);
        return true;
      },
    });
  });
}

const started: TestSshd[] = [];
async function start(opts?: StartSshdOptions): Promise<TestSshd> {
  const s = await startSshd(opts);
  started.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

describe('test sshd', () => {
  it('runs a command for the client key and shows the host key it advertises', async () => {
    const sshd = await start();
    expect(sshd.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(sshd.hostPublicKey).toMatch(/^ssh-ed25519 AAAA/);
    const r = await run(sshd, 'echo ok');
    expect(r.stdout).toBe('ok\n');
    expect(r.hostFingerprint).toBe(sshd.hostKeyFingerprint);
  });

  it('shows a different host key after rotateHostKey, on the same port', async () => {
    const sshd = await start();
    const { port, hostKeyFingerprint: before } = sshd;
    await sshd.rotateHostKey();
    expect(sshd.port).toBe(port);
    expect(sshd.hostKeyFingerprint).not.toBe(before);
    const r = await run(sshd, 'true');
    expect(r.hostFingerprint).toBe(sshd.hostKeyFingerprint);
  });

  it('refuses connections after kill and accepts them again after restart', async () => {
    const sshd = await start();
    await sshd.kill();
    await expect(run(sshd, 'true')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await sshd.restart();
    expect((await run(sshd, 'echo back')).stdout).toBe('back\n');
  });

  it('drops an open session when killed', async () => {
    const sshd = await start();
    const long = run(sshd, 'sleep 30; echo late');
    await new Promise((r) => setTimeout(r, 500));
    await sshd.kill();
    // Either the exec stream closes empty or the connection errors; it must not say "late".
    const outcome = await long.then(
      (r) => r.stdout,
      () => 'error',
    );
    expect(outcome).not.toContain('late');
  });

  it('runs two at once on different ports (bastion and target)', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.port).not.toBe(b.port);
    expect(a.hostKeyFingerprint).not.toBe(b.hostKeyFingerprint);
    expect((await run(a, 'echo a')).stdout).toBe('a\n');
    expect((await run(b, 'echo b')).stdout).toBe('b\n');
  });

  it('accepts an encrypted client key with its passphrase', async () => {
    const sshd = await start({ encryptedClientKeyPassphrase: 'correct horse' });
    expect(sshd.clientKey).toContain('BEGIN OPENSSH PRIVATE KEY');
    expect((await run(sshd, 'echo ok', 'correct horse')).stdout).toBe('ok\n');
  });

  it('is idempotent to stop and removes its directory', async () => {
    const sshd = await startSshd();
    await sshd.stop();
    await sshd.stop();
    expect(existsSync(sshd.dir)).toBe(false);
    await expect(run(sshd, 'true')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
