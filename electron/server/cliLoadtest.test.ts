// Integration tests: `greenboard loadtest` spawned as a user runs it, against a real nginx on
// 127.0.0.1 (electron/engine/testing/nginx.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LoadTestResultSchema } from '../../shared/loadTests';
import { nginxAvailable, startNginx, type TestNginx, nginxSkipNote } from '../engine/testing/nginx';
import { main } from './cli';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI; `interruptWhen` sends SIGINT once stderr matches it. */
function cli(args: string[], interruptWhen?: RegExp): Promise<Run> {
  const child = spawn(process.execPath, [BIN, 'loadtest', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (interruptWhen?.test(stderr) && child.signalCode === null) {
      interruptWhen = undefined;
      child.kill('SIGINT');
    }
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

let nginx: TestNginx;
beforeAll(async () => {
  if (nginxAvailable()) nginx = await startNginx();
});
afterAll(async () => {
  await nginx?.stop();
});

describe.skipIf(!nginxAvailable())(`greenboard loadtest${nginxSkipNote()}`, () => {
  const url = (): string => nginx.url('plain', '/index.html');

  it('says what will run, reports progress on stderr, prints the table and exits 0', async () => {
    const r = await cli([url(), '--duration', '2s', '--connections', '4', '--threshold', 'p95<5s']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`4 connections for 2 s against GET ${url()}`);
    // Not a terminal: a plain progress line about every second, no bar.
    expect(r.stderr).toMatch(/^1\.\d\/2 s {2}[\d,]+ req\/s {2}p95 (—|[\d.,]+ ms) {2}errors 0$/m);
    expect(r.stderr).not.toContain('\r');
    for (const row of ['requests', 'req/s', 'errors', 'timeouts', 'non-2xx', 'bytes']) {
      expect(r.stdout).toMatch(new RegExp(`^${row.replace('/', '\\/')} +\\S`, 'm'));
    }
    expect(r.stdout).toMatch(/^latency +p50 [\d.]+ ms {3}p90 [\d.]+ ms {3}p95 [\d.]+ ms$/m);
    expect(r.stdout).toMatch(/p99 [\d.]+ ms {3}max [\d.]+ ms/);
    expect(r.stdout).toMatch(/^ {2}✓ p95<5s {2}actual [\d.]+ ms$/m);
    expect(r.stdout).not.toContain('cancelled');
  }, 15_000);

  it('exits 1 and marks a failed threshold ✗ with its actual value', async () => {
    const r = await cli([
      url(),
      '--duration',
      '1s',
      '--threshold',
      'p95<0.001ms',
      '--threshold',
      'errors<1%',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}✗ p95<0\.001ms {2}actual [\d.]+ ms$/m);
    expect(r.stdout).toMatch(/^ {2}✓ errors<1% {4}actual 0%$/m);
    expect(r.stderr).toContain('1 of 2 thresholds failed');
  }, 15_000);

  it('prints the result as JSON that matches the schema with --json', async () => {
    const r = await cli([url(), '--duration', '1', '--method', 'get', '--header', 'X-Test: 1', '--json']);
    expect(r.code).toBe(0);
    const result = LoadTestResultSchema.parse(JSON.parse(r.stdout));
    expect(result).toMatchObject({ cancelled: false, connections: 10, errors: 0, non2xx: 0 });
    expect(result.requests).toBeGreaterThan(0);
  }, 15_000);

  it('stops on Ctrl+C, prints the partial result marked cancelled and exits 130', async () => {
    const r = await cli([url(), '--duration', '30s', '--connections', '2'], /^\d+\.\d\/30 s/m);
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/^cancelled after [\d.]+ s: a partial result$/m);
    expect(r.stdout).toMatch(/^requests +[1-9]/m);
    expect(r.stderr).toContain('Load test cancelled.');
  }, 15_000);
});

describe('greenboard loadtest usage errors', () => {
  // Through main() in this process, not a new process per case; exit code 2
  // through the binary is covered once below.
  async function inProcess(...args: string[]): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    try {
      return { code: await main(['loadtest', ...args]), stderr };
    } finally {
      spy.mockRestore();
    }
  }
  const target = 'http://127.0.0.1:9/';

  it('exits 2 naming a bad threshold token, duration or missing body file, before saying it will run', async () => {
    const threshold = await inProcess(target, '--threshold', 'p96<5ms');
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toContain('--threshold: unknown metric "p96"');
    const body = await inProcess(target, '--body', join(import.meta.dirname, 'no-such-body.json'));
    expect(body.code).toBe(2);
    expect(body.stderr).toMatch(/--body: cannot read ".*no-such-body\.json" \(no such file\)/);
    const duration = await inProcess(target, '--duration', 'soon');
    expect(duration.code).toBe(2);
    expect(duration.stderr).toContain('--duration takes a duration such as 10s');
    for (const r of [threshold, body, duration]) expect(r.stderr).not.toContain('against');
  });

  it('exits 2 with the cap in the message for --connections 5000, and sends nothing', async () => {
    const r = await cli([target, '--connections', '5000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--connections: connections is capped at 200');
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('against');
  }, 15_000);
});
