// Integration tests: `greenboard check` spawned as a pipeline runs it, against a real nginx on
// 127.0.0.1 (electron/engine/testing/nginx.ts) and a real audit of this machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nginxAvailable, startNginx, type TestNginx, nginxSkipNote } from '../engine/testing/nginx';
import { main } from './cli';
import type { CheckOutcome } from './cliCheck';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-check-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let configs = 0;
/** Writes a config file and returns its path. */
function config(body: unknown): string {
  const file = join(dir, `checks-${++configs}.json`);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

function cli(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [BIN, 'check', '--data-dir', join(dir, 'data'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

// Through main() in this process, not a new process per case.
async function inProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await main(['check', '--data-dir', join(dir, 'data'), ...args]), stdout, stderr };
  } finally {
    errSpy.mockRestore();
    outSpy.mockRestore();
  }
}

let nginx: TestNginx;
beforeAll(async () => {
  if (nginxAvailable()) nginx = await startNginx();
});
afterAll(async () => {
  await nginx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!nginxAvailable())(`greenboard check${nginxSkipNote()}`, () => {
  const probe = (extra: object = {}): object => ({
    name: 'home',
    url: nginx.url('plain', '/index.html'),
    maxMs: 5000,
    ...extra,
  });
  const load = (thresholds: string[]): object => ({
    name: 'index',
    targetUrl: nginx.url('plain', '/index.html'),
    durationSec: 1,
    connections: 2,
    thresholds,
  });

  it('exits 0 and prints one row per check and the tally when all pass', async () => {
    const r = await cli([
      '--config',
      config({ probes: [probe()], loadTests: [load(['p95<5s', 'errors<1%'])] }),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^probe +home +✓ {2}200 in [\d.]+ ms$/m);
    expect(r.stdout).toMatch(/^loadtest +index +✓ {2}p95 [\d.]+ ms, 0 errors, 2\/2 thresholds$/m);
    expect(r.stdout).toMatch(/^2 passed, 0 failed$/m);
    expect(r.stderr).toContain('loadtest index: 2 connections for 1 s against GET');
  }, 15_000);

  it('exits 1 when a load threshold fails, and prints JSON with --json', async () => {
    const r = await cli(['--config', config({ loadTests: [load(['p95<0.001ms'])] }), '--json']);
    expect(r.code).toBe(1);
    const [o] = JSON.parse(r.stdout) as CheckOutcome[];
    expect(o).toMatchObject({ kind: 'loadtest', name: 'index', ok: false });
    expect(o?.failures[0]).toMatch(/^p95<0\.001ms: actual [\d.]+ ms$/);
  }, 15_000);

  it('exits 1 when a probe misses its keyword, saying which', async () => {
    const r = await inProcess(
      '--config',
      config({ probes: [probe({ expectKeyword: 'no-such-word-here' })] }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^probe +home +✗ {2}200 in/m);
    expect(r.stdout).toContain('no-such-word-here');
    expect(r.stdout).toMatch(/^0 passed, 1 failed$/m);
  });
});

describe('greenboard check config errors', () => {
  it('exits 2 naming the field with its path', async () => {
    const r = await inProcess('--config', config({ probes: [{ name: 'no url' }] }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('probes[0].url: missing');
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a misspelt key, a bad threshold, bad JSON, a missing file or an unknown host', async () => {
    const typo = await inProcess(
      '--config',
      config({ probes: [{ name: 'a', url: 'http://127.0.0.1:9/', maxms: 1 }] }),
    );
    expect(typo.stderr).toContain('probes[0]: Unrecognized key: "maxms"');
    const threshold = await inProcess(
      '--config',
      config({ loadTests: [{ name: 'x', targetUrl: 'http://127.0.0.1:9/', thresholds: ['p96<5ms'] }] }),
    );
    expect(threshold.stderr).toContain('loadTests[0].thresholds[0]: unknown metric "p96"');
    const json = await inProcess('--config', config('{"probes": ['));
    expect(json.stderr).toContain('not valid JSON');
    const missing = await inProcess('--config', join(dir, 'absent.json'));
    expect(missing.stderr).toContain('(no such file)');
    const host = await inProcess('--config', config({ audits: [{ host: 'db-9' }] }));
    expect(host.stderr).toContain('audits[0].host: no host named "db-9"');
    for (const r of [typo, threshold, json, missing, host]) expect(r.code).toBe(2);
  });
});

describe('greenboard check audits', () => {
  it('audits local and reports its score', async () => {
    // As any user the audit runs, reporting what it cannot read as not checked; whether this
    // machine passes is not the point, only that it ran and scored.
    const r = await inProcess(
      '--config',
      config({ audits: [{ host: 'local', minScore: 0, failOn: 'critical' }] }),
      '--json',
    );
    expect([0, 1]).toContain(r.code);
    const [o] = JSON.parse(r.stdout) as CheckOutcome[];
    expect(o).toMatchObject({ kind: 'audit', name: 'local' });
    expect(o?.summary).toMatch(/^score \d+/);
  }, 20_000);
});
