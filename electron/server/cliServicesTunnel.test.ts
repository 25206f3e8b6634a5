import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisMissingReason, startRedis, type TestRedis } from '../engine/services/testing/redisServer';

// `greenboard services add … --via tunnel --password-stdin` as a terminal runs it: the password
// piped in, never on the command line, and never printed or written to the data folder. This
// machine's tunnel is a plain socket to 127.0.0.1 (the SSH one is tested in the engine).
const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-cli-tunnel-'));
const missing = redisMissingReason();
const PASSWORD = 'cli-tunnel-pw-5521';
let redis: TestRedis | null = null;

beforeAll(async () => {
  if (!missing) redis = await startRedis({ extra: ['--requirepass', PASSWORD] });
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function gb(stdin: string | null, ...args: string[]): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data-dir', dir]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (status) => resolve({ status, out }));
    child.stdin.end(stdin ?? '');
  });
}

describe.skipIf(missing)(
  `greenboard services add --via tunnel (${missing ?? 'a private redis-server'})`,
  () => {
    it('reads a Redis with a password piped in; "dsn" is the same as "tunnel"', async () => {
      const port = String(redis!.port);
      const add = await gb(
        `${PASSWORD}\n`,
        'services',
        'add',
        'local',
        '--kind',
        'redis',
        '--port',
        port,
        '--via',
        'dsn',
        '--password-stdin',
      );
      expect(add.out).toMatch(/Redis\s+port \d+\s+tunnel\s+GREEN/);
      expect(add.status).toBe(0);
      expect(add.out).not.toContain(PASSWORD);
    }, 60_000);

    it('says the password was refused, without echoing it; and what a new process without one lacks', async () => {
      const port = String(redis!.port);
      const bad = await gb(
        'wrong-pw-8\n',
        'services',
        'add',
        'local',
        '--kind',
        'redis',
        '--port',
        port,
        '--via',
        'tunnel',
        '--password-stdin',
      );
      expect(bad.status).toBe(1);
      expect(bad.out).toMatch(/FAILED \(refused\): Redis refused the password/);
      expect(bad.out).not.toContain('wrong-pw-8');
      // Headless keeps secrets in the process's memory: a later command has none and says how to give it.
      const later = await gb(null, 'services', 'poll', `local/redis-${port}`);
      expect(later.status).toBe(1);
      expect(later.out).toMatch(/wants a password: set it with .*--password-stdin/);
      const again = await gb(PASSWORD, 'services', 'poll', `local/redis-${port}`, '--password-stdin');
      expect(again.status, again.out).toBe(0);
    }, 60_000);

    it('refuses a password without a tunnel, an empty one, and a tunnel database without a user', async () => {
      const peer = await gb('x', 'services', 'add', 'local', '--kind', 'redis', '--password-stdin');
      expect(peer.status).toBe(2);
      expect(peer.out).toContain('--password-stdin is for a service read through a tunnel');
      const empty = await gb(
        '',
        'services',
        'add',
        'local',
        '--kind',
        'redis',
        '--via',
        'tunnel',
        '--password-stdin',
      );
      expect(empty.status).toBe(2);
      expect(empty.out).toContain('--password-stdin read nothing');
      const via = await gb(null, 'services', 'add', 'local', '--kind', 'redis', '--via', 'socket');
      expect(via.status).toBe(2);
      expect(via.out).toContain('--via must be peer or tunnel (dsn is the same as tunnel), got "socket"');
      const noUser = await gb(
        PASSWORD,
        'services',
        'add',
        'local',
        '--kind',
        'postgres',
        '--via',
        'tunnel',
        '--password-stdin',
      );
      expect(noUser.status).toBe(1);
      expect(noUser.out).toMatch(/database user/);
      expect(noUser.out).not.toContain(PASSWORD);
    }, 60_000);

    it('wrote the password nowhere in the data folder, nor in an export of it', async () => {
      const exp = await gb(null, 'export', '--out', join(dir, 'export.sqlite'), '--csv', join(dir, 'csv'));
      expect(exp.status, exp.out).toBe(0);
      for (const f of readdirSync(dir, { recursive: true, withFileTypes: true }))
        if (f.isFile())
          expect(readFileSync(join(f.parentPath, f.name)).includes(Buffer.from(PASSWORD)), f.name).toBe(
            false,
          );
    });
  },
);
