import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../engine';
import { assembleEngine } from '../engine/createEngine';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-cli-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args, '--data-dir', dir], { encoding: 'utf8' });

describe('greenboard alerts / silence', () => {
  it('prints the alert log oldest first, filters by words, and sets a silence', async () => {
    const engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
    const at = Date.UTC(2026, 10, 28, 9, 30);
    engine.alerting.log.insert({
      hostId: 'local',
      signal: 'disk:/var',
      kind: 'disk',
      from: 'ok',
      to: 'critical',
      at,
      value: 97,
      threshold: 95,
      reason: 'disk /var 97% ≥ 95% for 1 min',
      notice: null,
    });
    engine.alerting.log.insert({
      hostId: 'local',
      signal: 'cpu',
      kind: 'cpu',
      from: 'ok',
      to: 'warn',
      at: at + 60_000,
      value: 88,
      threshold: 85,
      reason: 'CPU 88% ≥ 85% for 2 min',
      notice: null,
    });
    await engine.stop();

    const all = cli('alerts');
    expect(all.status).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^2026-11-28 \d\d:\d\d .*disk:\/var\s+ok → CRIT\s+disk \/var 97% ≥ 95% for 1 min$/,
    );
    expect(lines[1]).toContain('CPU 88%');

    const found = cli('alerts', 'var', '--json');
    expect(JSON.parse(found.stdout)).toMatchObject([{ signal: 'disk:/var', to: 'critical' }]);

    const bad = cli('silence', '--host', 'local', '--by', 'ana');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Usage: greenboard silence/);
    const ok = cli('silence', '--tag', 'db', '--minutes', '30', '--by', 'ana', '--why', 'migration');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^Silenced until \d{4}-.*Changes are still logged\.$/m);
  }, 30_000);
});
