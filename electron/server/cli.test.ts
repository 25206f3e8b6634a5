import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('greenboard CLI', () => {
  it('serve prints exactly one ready line with the tokened URL, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', join(dir, 'serve')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ready line; stdout: ${out}`)), 15_000);
      child.stdout.on('data', () => {
        if (out.includes('\n')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Greenboard is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const url = new URL(lines[0]!.slice('Greenboard is running at '.length));
    const res = await fetch(`${url.origin}/api/app:info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token')}` },
    });
    expect(await res.json()).toMatchObject({
      ok: true,
      result: { name: 'Greenboard', mode: 'headless', dataDir: join(dir, 'serve') },
    });
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
  }, 30_000);

  it('status prints the local host health', () => {
    const r = spawnSync(process.execPath, [BIN, 'status', '--json', '--data-dir', join(dir, 'status')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const board = JSON.parse(r.stdout) as { host: { id: string }; health: { state: string } }[];
    expect(board[0]?.host.id).toBe('local');
    expect(['green', 'amber', 'red']).toContain(board[0]?.health.state);
    // A wider rate window is the user's to ask for; one too short to mean anything is refused.
    const wide = spawnSync(
      process.execPath,
      [BIN, 'status', '--window-ms', '1000', '--data-dir', join(dir, 'status')],
      {
        encoding: 'utf8',
      },
    );
    expect(wide.status, wide.stderr).toBe(0);
    expect(wide.stdout).toMatch(/CPU \d+%/);
    const short = spawnSync(
      process.execPath,
      [BIN, 'status', '--window-ms', '5', '--data-dir', join(dir, 'status')],
      {
        encoding: 'utf8',
      },
    );
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('--window-ms must be a whole number from 100 to 60000, got "5"');
  }, 30_000);

  it('explains a bad option and exits 2', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port', 'eighty'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--port must be a whole number');
    const u = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(u.status).toBe(2);
    expect(u.stderr).toContain('Unknown command "frobnicate"');
  }, 30_000);
});
