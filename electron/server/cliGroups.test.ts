import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-cli-groups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The compiled CLI, asynchronously, on the test's own data folder. */
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

describe('greenboard groups', () => {
  it('lists every tag as a group with its members; names a missing group and how to make one', async () => {
    const none = await gb('groups');
    expect(none.status).toBe(0);
    expect(none.stdout).toContain('No groups');
    // An unreachable port: the host is added (and tagged) without being reached.
    for (const name of ['web-1', 'web-2'])
      expect((await gb('hosts', 'add', name, '--ssh', 'ops@127.0.0.1:1', '--tag', 'web')).status).toBe(0);
    const list = await gb('groups');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^web\s+\S+\s+2 members: web-1 \S+, web-2 \S+/m);
    const json = JSON.parse((await gb('groups', 'web', '--json')).stdout) as {
      tag: string;
      members: unknown[];
    }[];
    expect(json[0]).toMatchObject({ tag: 'web', members: [{ hostId: 'web-1' }, { hostId: 'web-2' }] });
    const missing = await gb('groups', 'db');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No group "db"');
    expect(missing.stderr).toContain('--tag db');
    const extra = await gb('groups', 'a', 'b');
    expect(extra.status).not.toBe(0);
    expect(extra.stderr).toContain('groups [TAG] [--json]');
  }, 60_000);
});
