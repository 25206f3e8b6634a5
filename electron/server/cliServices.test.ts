import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisMissingReason, startRedis, type TestRedis } from '../engine/services/testing/redisServer';
import { parseSpan } from './cliArgs';
import { terminalSafe } from './cliServices';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-cli-services-'));
const missing = redisMissingReason();
let redis: TestRedis | null = null;

beforeAll(async () => {
  if (!missing) redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The compiled CLI, asynchronously: the test's own event loop stays free meanwhile. */
function gb(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data-dir', dir]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('terminalSafe', () => {
  it("shows a statement's escape sequences as ? rather than handing them to the terminal", () => {
    expect(terminalSafe('SELECT 1 /* \u001b]0;owned\u0007 */\tFROM t\n')).toBe(
      'SELECT 1 /* ?]0;owned? */\tFROM t\n',
    );
  });
});

describe('parseSpan', () => {
  it('reads 30m, 1h, 7d; refuses the rest with the option named', () => {
    expect(parseSpan('30m', 'since')).toBe(1_800_000);
    expect(parseSpan('24h', 'compare-to')).toBe(86_400_000);
    expect(() => parseSpan('yesterday', 'since')).toThrow('--since takes a span such as 30m, 1h, 24h or 7d');
    expect(() => parseSpan('0h', 'since')).toThrow('more than 0');
  });
});

describe.skipIf(missing)(`greenboard services / top-queries (${missing ?? 'a private redis-server'})`, () => {
  it('adds a Redis on this machine, lists, polls and removes it; refuses bad input in words', async () => {
    const port = String(redis!.port);
    const add = await gb('services', 'add', 'local', '--kind', 'redis', '--port', port);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain(`Added local/redis-${port}.`);
    // Redis's default way in: a tunnel (a socket to the port on this machine), no password.
    expect(add.stdout).toMatch(/Redis\s+port \d+\s+tunnel \(no password\)\s+GREEN/);

    const list = await gb('services', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ id: `local/redis-${port}`, kind: 'redis' }),
    ]);
    const poll = await gb('services', 'poll', `local/redis-${port}`, '--json');
    expect(poll.status, poll.stderr).toBe(0);
    const metrics = (JSON.parse(poll.stdout) as { latest: { metrics: Record<string, number | null> } }).latest
      .metrics;
    expect(metrics).toHaveProperty('redis.clients_connected');
    // Two readings a second apart, so a rate has its interval even in a new process.
    expect(metrics['redis.ops_ps']).toBeTypeOf('number');

    // A Redis is no database with statements: top-queries says so.
    const top = await gb('top-queries', 'local');
    expect(top.status).toBe(1);
    expect(top.stderr).toContain('no PostgreSQL or MySQL service on local');

    const badKind = await gb('services', 'add', 'local', '--kind', 'oracle');
    expect(badKind.status).toBe(2);
    expect(badKind.stderr).toContain('--kind must be one of postgres, mysql, redis, got "oracle"');
    const badPort = await gb('services', 'add', 'local', '--kind', 'redis', '--port', '70000');
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('--port must be a whole number from 1 to 65535');
    const badDir = await gb(
      'services',
      'add',
      'local',
      '--kind',
      'postgres',
      '--socket-dir',
      '/tmp/$(reboot)',
    );
    expect(badDir.status).toBe(1);
    expect(badDir.stderr).toContain('socketDir');

    const rm = await gb('services', 'remove', `local/redis-${port}`);
    expect(rm.stdout).toContain(`Removed local/redis-${port}.`);
    expect((await gb('services', 'list')).stdout).toContain('No databases or caches added.');
  }, 60_000);

  it('adds a stopped Redis with the reason it cannot be read, and exits 1', async () => {
    const add = await gb('services', 'add', 'local', '--kind', 'redis', '--port', '1');
    expect(add.status).toBe(1);
    expect(add.stdout).toMatch(/FAILED \(unreachable\)/);
    await gb('services', 'remove', 'local/redis-1');
  }, 60_000);
});
